// Package findingsort sorts findings in usecase.Sort order without keeping them all in memory.
//
// Reports such as `auth0audit logs --format json` must list every finding in sorted order,
// but a scan of a large tenant's logs can produce more findings than fit comfortably in
// memory. A Sorter is an external merge sort: it keeps a bounded buffer, writes each full
// buffer to a temporary file as a sorted run, and merges the runs when the findings are read
// back. The result is exactly what usecase.Sort (a stable sort) gives on the whole input.
package findingsort

import (
	"bufio"
	"container/heap"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/auth0-migrate/auth0audit/usecase"
)

const (
	// DefaultRunSize is the number of findings kept in memory when New is given runSize <= 0:
	// a few MiB of findings, and few enough runs that the merge stays in one pass for
	// millions of findings.
	DefaultRunSize = 8192

	// maxFanIn bounds the runs merged at once. Each open run costs a read buffer, so without
	// a bound the merge's memory would grow with the input after all; more runs than this
	// are first merged in passes into longer runs.
	maxFanIn = 128

	// readBufSize is the read buffer of each run during a merge.
	readBufSize = 32 << 10

	// writeBufSize is the write buffer of the temporary file.
	writeBufSize = 64 << 10
)

// run is one sorted stretch of the temporary file.
type run struct {
	off, size int64
	n         int
}

// Sorter collects findings and returns them in usecase.Sort order, keeping at most its run
// size in memory. The zero value is not usable: call New. A Sorter is not safe for concurrent
// use.
type Sorter struct {
	runSize int
	fanIn   int // maxFanIn; a field so that tests can force multi-pass merges cheaply

	buf []usecase.Finding
	n   int

	// The temporary file, created at the first spill: a report that fits in memory never
	// touches the disk.
	f    *os.File
	w    *bufio.Writer
	cw   countingWriter
	runs []run

	iterated bool
	// err is the first spill failure: after it the file holds a partial run, so the Sorter
	// refuses to go on rather than return a silently incomplete report.
	err error
}

// New returns a Sorter keeping at most runSize findings in memory; runSize <= 0 means
// DefaultRunSize.
func New(runSize int) *Sorter {
	if runSize <= 0 {
		runSize = DefaultRunSize
	}
	return &Sorter{runSize: runSize, fanIn: maxFanIn}
}

// Add collects one finding. It fails if the buffer was full and could not be written to disk.
func (s *Sorter) Add(f usecase.Finding) error {
	if s.iterated {
		return errors.New("findingsort: Add after Each")
	}
	if s.err != nil {
		return s.err
	}
	s.buf = append(s.buf, f)
	s.n++
	if len(s.buf) >= s.runSize {
		if err := s.spill(); err != nil {
			s.err = fmt.Errorf("spilling findings to a temporary file: %w", err)
			return s.err
		}
	}
	return nil
}

// Len returns how many findings were added.
func (s *Sorter) Len() int { return s.n }

// Each calls fn for every finding in usecase.Sort order, stopping at the first error. It may
// be called once.
func (s *Sorter) Each(fn func(usecase.Finding) error) error {
	if s.iterated {
		return errors.New("findingsort: Each called twice")
	}
	s.iterated = true
	if s.err != nil {
		return s.err
	}
	usecase.Sort(s.buf)
	if s.f == nil {
		for _, f := range s.buf {
			if err := fn(f); err != nil {
				return err
			}
		}
		s.buf = nil
		return nil
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("spilling findings to a temporary file: %w", err)
	}
	for len(s.runs) > s.fanIn {
		if err := s.mergePass(); err != nil {
			return err
		}
	}
	// The last buffer is merged straight from memory: it is already bounded, and it holds the
	// latest arrivals, so as the last source it keeps the merge stable.
	srcs := make([]source, 0, len(s.runs)+1)
	for _, r := range s.runs {
		srcs = append(srcs, s.open(r))
	}
	if len(s.buf) > 0 {
		srcs = append(srcs, &memSource{fs: s.buf})
	}
	err := merge(srcs, fn)
	s.buf = nil
	return err
}

// Close removes the temporary file. It is safe to call more than once, and after a failure.
func (s *Sorter) Close() error {
	s.buf = nil
	if s.f == nil {
		return nil
	}
	f := s.f
	s.f, s.w, s.runs = nil, nil, nil
	err := f.Close()
	if rerr := os.Remove(f.Name()); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("removing the temporary file of spilled findings: %w", err)
	}
	return nil
}

// spill writes the sorted buffer to the end of the temporary file as a new run.
func (s *Sorter) spill() error {
	if s.f == nil {
		f, err := os.CreateTemp("", "auth0audit-findings-*")
		if err != nil {
			return err
		}
		s.f = f
		s.cw = countingWriter{w: f}
		s.w = bufio.NewWriterSize(&s.cw, writeBufSize)
	}
	usecase.Sort(s.buf)
	r, err := s.writeRun(func(enc *gob.Encoder) (int, error) {
		for i := range s.buf {
			if err := enc.Encode(&s.buf[i]); err != nil {
				return i, err
			}
		}
		return len(s.buf), nil
	})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	// Clearing keeps the backing array but lets the strings of the spilled findings go.
	clear(s.buf)
	s.buf = s.buf[:0]
	return nil
}

// writeRun appends one run written by write to the temporary file. Each run has its own gob
// encoder, hence its own type header, so that it can be decoded on its own.
func (s *Sorter) writeRun(write func(*gob.Encoder) (int, error)) (run, error) {
	off := s.cw.n + int64(s.w.Buffered())
	n, err := write(gob.NewEncoder(s.w))
	if err != nil {
		return run{}, err
	}
	return run{off: off, size: s.cw.n + int64(s.w.Buffered()) - off, n: n}, nil
}

// mergePass merges consecutive groups of fanIn runs into longer runs appended to the file.
// Merging only neighbours keeps the runs in arrival order, which the stability relies on.
func (s *Sorter) mergePass() error {
	var next []run
	for i := 0; i < len(s.runs); i += s.fanIn {
		group := s.runs[i:min(i+s.fanIn, len(s.runs))]
		if len(group) == 1 {
			next = append(next, group[0])
			continue
		}
		srcs := make([]source, len(group))
		for j, r := range group {
			srcs[j] = s.open(r)
		}
		var werr error
		r, err := s.writeRun(func(enc *gob.Encoder) (int, error) {
			n := 0
			err := merge(srcs, func(f usecase.Finding) error {
				if err := enc.Encode(&f); err != nil {
					werr = err
					return err
				}
				n++
				return nil
			})
			return n, err
		})
		if werr != nil {
			return fmt.Errorf("spilling findings to a temporary file: %w", werr)
		}
		if err != nil {
			return err
		}
		if err := s.w.Flush(); err != nil {
			return fmt.Errorf("spilling findings to a temporary file: %w", err)
		}
		next = append(next, r)
	}
	s.runs = next
	return nil
}

func (s *Sorter) open(r run) source {
	br := bufio.NewReaderSize(io.NewSectionReader(s.f, r.off, r.size), readBufSize)
	return &fileSource{dec: gob.NewDecoder(br), left: r.n}
}

// source yields the findings of one sorted run.
type source interface {
	// next returns the next finding, or ok == false at the end of the run.
	next() (f usecase.Finding, ok bool, err error)
}

type fileSource struct {
	dec  *gob.Decoder
	left int
}

func (fs *fileSource) next() (usecase.Finding, bool, error) {
	if fs.left == 0 {
		return usecase.Finding{}, false, nil
	}
	// A fresh value each time: gob leaves the fields it does not transmit (the zero ones)
	// as they were in the destination.
	var f usecase.Finding
	if err := fs.dec.Decode(&f); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return f, false, fmt.Errorf("reading back spilled findings: %w", err)
	}
	fs.left--
	return f, true, nil
}

type memSource struct{ fs []usecase.Finding }

func (m *memSource) next() (usecase.Finding, bool, error) {
	if len(m.fs) == 0 {
		return usecase.Finding{}, false, nil
	}
	f := m.fs[0]
	m.fs[0] = usecase.Finding{}
	m.fs = m.fs[1:]
	return f, true, nil
}

// merge calls fn for the findings of srcs in usecase.Compare order; findings that compare
// equal come in source order, so that merging the runs of a stable sort stays stable.
func merge(srcs []source, fn func(usecase.Finding) error) error {
	h := make(mergeHeap, 0, len(srcs))
	for i, src := range srcs {
		f, ok, err := src.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, head{f: f, src: i})
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		top := &h[0]
		if err := fn(top.f); err != nil {
			return err
		}
		f, ok, err := srcs[top.src].next()
		if err != nil {
			return err
		}
		if ok {
			top.f = f
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

type head struct {
	f   usecase.Finding
	src int
}

type mergeHeap []head

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if c := usecase.Compare(h[i].f, h[j].f); c != 0 {
		return c < 0
	}
	return h[i].src < h[j].src
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(head)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// countingWriter tracks the size of the temporary file, which gives each run's offset
// without a Seek.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
