package logscan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

// regionResult is a worker's result for one region of a file read in regions.
type regionResult struct {
	chunkResult
	k        int
	newlines int // in the region, to number the lines of the regions after it
	err      error
}

// scanFile scans a file from its current offset: in regions read by the workers themselves
// when it is a regular file of uncompressed NDJSON (the common case for large exports), else
// through the Splitter (pipes, gzip, JSON arrays, Splunk CSV).
func (s *Scanner) scanFile(ctx context.Context, name string, f *os.File) error {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return s.Scan(ctx, name, f)
	}
	// Stdin redirected from a file may have been read in part already.
	base, err := f.Seek(0, io.SeekCurrent)
	if err != nil || base >= st.Size() {
		return s.Scan(ctx, name, f)
	}
	content := io.NewSectionReader(f, base, st.Size()-base)
	head := make([]byte, min(content.Size(), int64(s.opt.Split.ChunkSize)))
	if _, err := content.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !decode.ReadableInRegions(head) {
		return s.Scan(ctx, name, f)
	}
	return s.scanRegions(ctx, name, content, content.Size())
}

// scanRegions runs the workers over the regions of an uncompressed NDJSON file. Each worker
// takes the next region, reads it and classifies it; the calling goroutine merges results in
// region order, so that malformed records get their file line numbers.
func (s *Scanner) scanRegions(ctx context.Context, name string, r io.ReaderAt, size int64) error {
	fs := FileStats{Name: name, Layout: decode.Lines.String()}
	s.ex.files[name] = len(s.ex.files)
	defer func() { s.stats.Files = append(s.stats.Files, fs) }()

	g := decode.NewRegions(r, size, s.opt.Split)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	results := make(chan regionResult, s.opt.Workers)
	s.startWorkers(name, func(w *worker) {
		buf := make([]byte, 0, g.BufferSize())
		for ctx.Err() == nil {
			k := int(next.Add(1) - 1)
			if k >= g.Len() {
				return
			}
			c, b, err := g.Read(k, buf)
			if cap(b) <= 2*g.BufferSize() {
				buf = b // a buffer grown for a long record is let go
			}
			res := regionResult{k: k, err: err}
			if err == nil {
				res.chunkResult = w.process(c)
				res.newlines = c.Newlines(res.chunkResult.newlines)
				start, end := g.Bounds(k)
				res.bytes = end - start
			}
			select {
			case results <- res:
			case <-ctx.Done():
				return
			}
		}
	}, func() { close(results) })

	// Regions finish out of order; pending holds those ahead of the next one to merge (a few:
	// workers take regions in order).
	pending := map[int]regionResult{}
	nextK, linesBefore := 0, 0
	var done int64
	var stop error
	for res := range results {
		pending[res.k] = res
		for {
			res, ok := pending[nextK]
			if !ok {
				break
			}
			delete(pending, nextK)
			nextK++
			if stop != nil {
				continue
			}
			if res.err != nil {
				start, _ := g.Bounds(res.k)
				if errors.Is(res.err, io.ErrUnexpectedEOF) {
					res.err = fmt.Errorf("file shrank while it was read: %w", res.err)
				}
				fs.Error = fmt.Sprintf("%v (after %d bytes, line %d)", res.err, start, linesBefore+1)
				stop = fmt.Errorf("%s: %s; the %d events read before were kept", name, fs.Error, fs.Events)
				cancel()
				continue
			}
			for i := range res.examples {
				res.examples[i].Line += linesBefore
			}
			linesBefore += res.newlines
			fs.Events += res.events
			fs.Malformed += res.malformed
			done += res.bytes
			if s.opt.Progress != nil {
				s.opt.Progress(name, done, fs.Events)
			}
			if err := s.merge(res.chunkResult); err != nil {
				stop = err
				cancel()
			}
		}
	}
	if stop == nil && nextK < g.Len() {
		// The context was cancelled (an interrupted run): the regions from nextK on were not
		// all merged, so the file was not read to the end.
		err := ctx.Err()
		if err == nil {
			err = context.Canceled
		}
		start, _ := g.Bounds(nextK)
		fs.Error = fmt.Sprintf("%v (after %d bytes, line %d)", err, start, linesBefore+1)
		stop = fmt.Errorf("%s: %s; the %d events read before were kept", name, fs.Error, fs.Events)
	}
	return stop
}
