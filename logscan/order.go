package logscan

import (
	"cmp"
	"errors"
	"fmt"
	"io"
)

// inOrder merges the results of one input's chunks in input order, whatever order the workers
// finish them in, so that the relative line numbers of line chunks (see decode.Chunk) become
// file lines: each is shifted by the newlines of the chunks before it. An input's chunks are
// all line chunks or all value chunks, and value chunks span no counted newlines, so theirs
// are shifted by 0. Results ahead of the next one to merge wait in pending: a few, since
// chunks are taken in order.
type inOrder struct {
	s           *Scanner
	name        string
	fs          *FileStats
	cancel      func()
	pending     map[int]chunkResult
	next        int        // sequence number of the next result to merge
	linesBefore int        // file lines before that chunk
	done        int64      // content bytes merged
	stop        error      // the first read or merge error; nothing is merged after it
	recognised  bool       // some event of the input is an Auth0 log event
	cutTail     bool       // the input's last record is cut off (see chunkResult.cutTail)
	first       *Malformed // the input's first malformed record
	// sampled and foreign sum the chunks' (see chunkResult); foreignLooks is the first
	// chunk's description of an event that is not an Auth0 one.
	sampled, foreign int64
	foreignLooks     string
}

func (s *Scanner) newInOrder(name string, fs *FileStats, cancel func()) *inOrder {
	return &inOrder{s: s, name: name, fs: fs, cancel: cancel, pending: map[int]chunkResult{}}
}

// add takes one result and merges every result now in order.
func (o *inOrder) add(res chunkResult) {
	o.pending[res.seq] = res
	for {
		res, ok := o.pending[o.next]
		if !ok {
			return
		}
		delete(o.pending, o.next)
		o.next++
		if o.stop != nil {
			continue
		}
		if res.readErr != nil {
			o.fail(res.readErr, res.at, o.linesBefore+1)
			continue
		}
		for i := range res.examples {
			res.examples[i].Line += o.linesBefore
		}
		if o.first == nil && len(res.examples) > 0 {
			o.first = &res.examples[0]
		}
		o.linesBefore += res.newlines
		o.fs.Events += res.events
		o.fs.NotValidated += res.notValidated
		o.fs.Malformed += res.malformed
		o.recognised = o.recognised || res.recognised
		o.sampled += res.sampled
		o.foreign += res.foreign
		o.foreignLooks = cmp.Or(o.foreignLooks, res.foreignLooks)
		o.cutTail = o.cutTail || res.cutTail
		o.done += res.bytes
		if o.s.opt.Progress != nil {
			o.s.opt.Progress(o.name, o.done, o.fs.Events)
		}
		if err := o.s.merge(res); err != nil {
			o.stop = err
			o.cancel()
		}
	}
}

// fail records that the input could not be read past offset at (line), keeping what was read
// before, and stops the scan.
func (o *inOrder) fail(err error, at int64, line int) {
	kind := ErrUnreadable
	if errors.Is(err, io.ErrUnexpectedEOF) {
		kind = ErrTruncated
	}
	o.fs.Error = fmt.Sprintf("not read to the end: %v (after %d bytes, line %d); %s", err, at, line, kept(o.fs.Events))
	o.stop = &InputError{Name: o.name, Kind: kind, Detail: o.fs.Error, Kept: o.fs.Events, Err: err}
	o.cancel()
}
