package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Regions cuts an NDJSON file that can be read at any offset (a regular file, uncompressed)
// into fixed regions that workers read themselves, in parallel.
//
// Copying the data out of the page cache is the largest single cost of a pass over the file
// (it is most of what `wc -l` does). The Splitter does it on one goroutine; with regions
// every core reads its own share, and classifies it while it is still in that core's cache.
//
// A record belongs to the region holding its first byte: a worker skips the tail of the
// record the previous region started and reads past its own end to finish its last record.
// Line numbers cannot be known before the regions in front are counted, so a region's chunk
// counts lines from 1 and says how to compute the region's newlines (see Chunk.Newlines); the
// caller adds the newlines of the regions in front.
type Regions struct {
	r    io.ReaderAt
	size int64
	opt  Options
}

// tailStep is the first read past a region's end to finish its last record: events are about a
// kilobyte, so one small read nearly always does.
const tailStep = 4 << 10

// NewRegions returns the regions of the size bytes of r. opt.ChunkSize is the region size.
func NewRegions(r io.ReaderAt, size int64, opt Options) *Regions {
	return &Regions{r: r, size: size, opt: opt.normalized()}
}

// Len is the number of regions.
func (g *Regions) Len() int {
	c := int64(g.opt.ChunkSize)
	return int((g.size + c - 1) / c)
}

// Bounds returns the byte range [start, end) of region k.
func (g *Regions) Bounds(k int) (start, end int64) {
	start = int64(k) * int64(g.opt.ChunkSize)
	return start, min(start+int64(g.opt.ChunkSize), g.size)
}

// BufferSize is the buffer a region is read into when its records end near its end.
func (g *Regions) BufferSize() int { return g.opt.ChunkSize + 1 + tailStep }

// Read reads region k into buf (grown when a record runs far past the region's end; the
// possibly new buffer is returned for reuse) and returns the chunk of the records starting in
// it. Chunk.FirstLine is relative: 1 is the region's first line. An error is a read error; the
// chunk is then nil.
func (g *Regions) Read(k int, buf []byte) (*Chunk, []byte, error) {
	start, end := g.Bounds(k)
	lo := start
	if k > 0 {
		lo = start - 1 // the byte before tells whether a record starts at start
	}
	want := int(end - lo)
	if cap(buf) < want+tailStep {
		buf = make([]byte, want, max(want+tailStep, g.BufferSize()))
	}
	buf = buf[:want]
	if err := g.readAt(buf, lo); err != nil {
		return nil, buf, err
	}
	c := &Chunk{Layout: Lines, FirstLine: 1}
	begin := 0
	if k == 0 && bytes.HasPrefix(buf, bom) {
		begin = len(bom) // as the Splitter does: not part of the first record
	}
	if k > 0 {
		// A record starts at start after a newline, or right after the file's BOM (when the
		// first region holds the BOM alone).
		afterBOM := start == int64(len(bom)) && buf[0] == bom[len(bom)-1] && g.startsWithBOM()
		if buf[0] != '\n' && !afterBOM {
			i := bytes.IndexByte(buf[1:], '\n')
			if i < 0 {
				// Inside a record that started in an earlier region.
				c.Data = buf[:0]
				return c, buf, nil
			}
			begin = 1 + i + 1
			c.Lead = 1
			c.FirstLine = 2
		} else {
			begin = 1
		}
	}
	data, err := g.finishLast(buf, begin, lo, c)
	if err != nil {
		return nil, data, err
	}
	c.Data = data[begin:]
	return c, data, nil
}

// finishLast extends buf, which ends at the region's end, to the end of the last record
// starting in the region: up to and including its newline, or to the end of the file. A
// record longer than MaxRecord is reported as a Problem and left out.
func (g *Regions) finishLast(buf []byte, begin int, lo int64, c *Chunk) ([]byte, error) {
	if len(buf) == begin || buf[len(buf)-1] == '\n' {
		return buf, nil
	}
	last := begin // first byte of the unfinished record
	if i := bytes.LastIndexByte(buf[begin:], '\n'); i >= 0 {
		last = begin + i + 1
	}
	// tooLong reports the record; the line is the region's lines before it (rare: counted here).
	tooLong := func() []byte {
		line := c.FirstLine + bytes.Count(buf[begin:last], nl)
		c.Problems = append(c.Problems, Problem{line, fmt.Sprintf("line longer than %d MiB", g.opt.MaxRecord>>20)})
		return buf[:last]
	}
	// The Splitter's rule, so that both read a file alike: a record without a newline is too
	// long from MaxRecord bytes on, even the last one of the file.
	atEOF := func() []byte {
		if len(buf)-last >= g.opt.MaxRecord {
			return tooLong()
		}
		return buf
	}
	if lo+int64(len(buf)) >= g.size {
		return atEOF(), nil
	}
	step := tailStep
	for {
		at := lo + int64(len(buf))
		n := int(min(int64(step), g.size-at, int64(g.opt.MaxRecord-(len(buf)-last))))
		if n <= 0 {
			return tooLong(), nil
		}
		if cap(buf)-len(buf) < n {
			grown := make([]byte, len(buf), 2*cap(buf)+n)
			copy(grown, buf)
			buf = grown
		}
		piece := buf[len(buf) : len(buf)+n]
		if err := g.readAt(piece, at); err != nil {
			return buf, err
		}
		if i := bytes.IndexByte(piece, '\n'); i >= 0 {
			c.Tail = 1
			return buf[:len(buf)+i+1], nil
		}
		buf = buf[:len(buf)+n]
		if at+int64(n) >= g.size {
			return atEOF(), nil
		}
		step *= 2
	}
}

// startsWithBOM reports whether the file starts with a BOM.
func (g *Regions) startsWithBOM() bool {
	var head [3]byte
	return g.size >= int64(len(head)) && g.readAt(head[:], 0) == nil && bytes.Equal(head[:], bom)
}

// readAt fills p from off; the file is expected to hold it (its size was taken before).
func (g *Regions) readAt(p []byte, off int64) error {
	n, err := g.r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF // the file shrank while it was read
	}
	return err
}

// ReadableInRegions reports whether a file whose first bytes are head (as many as a chunk
// holds) can be read in Regions: uncompressed NDJSON. Other shapes go through a Splitter.
func ReadableInRegions(head []byte) bool {
	if bytes.HasPrefix(head, gzipMagic) {
		return false
	}
	return detect(bytes.TrimPrefix(head, bom)) == Lines
}
