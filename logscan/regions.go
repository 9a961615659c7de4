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
	head := make([]byte, min(content.Size(), int64(max(s.opt.Split.ChunkSize, decode.HeadSize))))
	if _, err := content.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !decode.ReadableInRegions(head[:min(len(head), s.opt.Split.ChunkSize)]) {
		return s.Scan(ctx, name, f)
	}
	return s.scanRegions(ctx, name, content, content.Size(), head[:min(len(head), decode.HeadSize)])
}

// scanRegions runs the workers over the regions of an uncompressed NDJSON file. Each worker
// takes the next region, reads it and classifies it; the calling goroutine merges results in
// region order, so that malformed records get their file line numbers.
func (s *Scanner) scanRegions(ctx context.Context, name string, r io.ReaderAt, size int64, head []byte) error {
	fs := FileStats{Name: name, Layout: decode.Lines.String()}
	s.ex.files[name] = len(s.ex.files)
	defer func() { s.stats.Files = append(s.stats.Files, fs) }()

	g := decode.NewRegions(r, size, s.opt.Split)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	results := make(chan chunkResult, s.opt.Workers)
	s.startWorkers(name, func(w *worker) {
		buf := make([]byte, 0, g.BufferSize())
		for ctx.Err() == nil {
			k := int(next.Add(1) - 1)
			if k >= g.Len() {
				return
			}
			start, end := g.Bounds(k)
			c, b, err := g.Read(k, buf)
			if cap(b) <= 2*g.BufferSize() {
				buf = b // a buffer grown for a long record is let go
			}
			var res chunkResult
			if err == nil {
				res = w.process(c)
				res.bytes = end - start
			} else if errors.Is(err, io.ErrUnexpectedEOF) {
				res.readErr = fmt.Errorf("file shrank while it was read: %w", err)
			} else {
				res.readErr = err
			}
			res.seq, res.at = k, start
			select {
			case results <- res:
			case <-ctx.Done():
				return
			}
		}
	}, func() { close(results) })

	o := s.newInOrder(name, &fs, cancel)
	for res := range results {
		o.add(res)
	}
	if o.stop == nil && o.next < g.Len() {
		// The context was cancelled (an interrupted run): the regions from o.next on were not
		// all merged, so the file was not read to the end.
		err := ctx.Err()
		if err == nil {
			err = context.Canceled
		}
		start, _ := g.Bounds(o.next)
		o.fail(err, start, o.linesBefore+1)
	}
	if o.stop != nil {
		return o.stop
	}
	return s.judge(name, &fs, o, head, "")
}
