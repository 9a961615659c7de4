package logscan

import "fmt"

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
	next        int   // sequence number of the next result to merge
	linesBefore int   // file lines before that chunk
	done        int64 // content bytes merged
	stop        error // the first read or merge error; nothing is merged after it
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
		o.linesBefore += res.newlines
		o.fs.Events += res.events
		o.fs.Malformed += res.malformed
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
	o.fs.Error = fmt.Sprintf("%v (after %d bytes, line %d)", err, at, line)
	o.stop = fmt.Errorf("%s: %s; the %d events read before were kept", o.name, o.fs.Error, o.fs.Events)
	o.cancel()
}
