package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Layout is how a file's records are laid out.
type Layout int

const (
	// Lines: one record per line (NDJSON, JSONLINES streams, Splunk JSON exports). Workers
	// split chunks on newlines themselves, which keeps the reader goroutine cheap.
	Lines Layout = iota
	// Values: a stream of JSON values, possibly pretty-printed: arrays (API exports, JSONARRAY
	// batches) are opened one level and their elements are records; objects (JSONOBJECT
	// batches) are records. The reader delimits records.
	Values
	// SplunkCSV: a Splunk search exported as CSV, the event as JSON text in the _raw column.
	// The reader hands out the _raw values as the records of Values chunks.
	SplunkCSV
)

func (l Layout) String() string {
	switch l {
	case Values:
		return "json"
	case SplunkCSV:
		return "splunk-csv"
	}
	return "ndjson"
}

// Record delimits one record of a Values chunk.
type Record struct {
	Start, End int
	Line       int // 1-based line of the record's first byte in the file
}

// Problem is malformed input the reader found itself (an over-long line, a byte that cannot
// start a JSON value, a value cut off by the end of the file).
type Problem struct {
	Line   int
	Reason string
}

// Chunk is a piece of one file holding whole records.
type Chunk struct {
	Data []byte
	// FirstLine is the file line Data starts on (1-based) for Values chunks. Line chunks (of a
	// Splitter or of Regions) count lines from their own start instead: FirstLine and the
	// lines of Problems are relative, and Newlines says how many file lines the chunk spans,
	// for the chunks after it. Counting lines is left to the workers, which step through them
	// anyway: the reader's goroutine, busy decompressing, need not read the data once more.
	FirstLine int
	// Records delimits the records of a Values chunk; for a Lines chunk every line of Data is
	// a record.
	Layout   Layout
	Records  []Record
	Problems []Problem
	// Lead and Tail are the newlines a line chunk spans outside its Data (see Newlines).
	Lead, Tail int
}

// Newlines is the number of file lines a line chunk spans, given the newlines in its Data:
// Lead counts those before Data (the end of a record an earlier region began, or a skipped
// over-long line), Tail the one ending a record run past a region's end, which the next
// region counts.
func (c *Chunk) Newlines(inData int) int { return c.Lead + inData - c.Tail }

// Options bound the splitter's memory.
type Options struct {
	// ChunkSize is the size of the buffers handed to workers.
	ChunkSize int
	// MaxRecord is the longest line or value accepted; a longer one is reported as malformed
	// (and, in a Values file, ends the file, since there is no line to resynchronise on).
	MaxRecord int
}

// DefaultOptions: 1 MiB chunks keep two workers and a few queued chunks well under the
// scanner's memory budget; 64 MiB covers the largest real event with margin.
func DefaultOptions() Options { return Options{ChunkSize: 1 << 20, MaxRecord: 64 << 20} }

var bom = []byte{0xEF, 0xBB, 0xBF}

// Splitter cuts a file's content into chunks of whole records. It is used by one goroutine.
type Splitter struct {
	r      io.Reader
	opt    Options
	layout Layout

	buf   []byte // buf[:n] holds data not yet handed out
	n     int
	line  int // file line of buf[0]
	eof   bool
	err   error
	begun bool

	offset  int64  // content bytes handed out so far
	inArray bool   // Values: inside a top-level array
	cut     string // Values: why the content ended inside a value or an array, if it did
	skip    bool   // Lines: discarding the rest of an over-long line
	csv     *csvRecords

	// free holds released chunk buffers for reuse: allocating (and zeroing) a fresh buffer per
	// chunk costs as much as reading it.
	free chan []byte
}

// NewSplitter returns a splitter of r, which must already be decompressed.
func NewSplitter(r io.Reader, opt Options) *Splitter {
	return &Splitter{r: r, opt: opt.normalized(), line: 1, free: make(chan []byte, 16)}
}

// normalized fills in a zero chunk size and raises MaxRecord to at least a chunk.
func (o Options) normalized() Options {
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultOptions().ChunkSize
	}
	o.MaxRecord = max(o.MaxRecord, o.ChunkSize)
	return o
}

// Release gives a chunk's buffer back for reuse once nothing refers to its Data any more. It
// may be called from any goroutine; calling it is optional.
func (s *Splitter) Release(c *Chunk) {
	b := c.Data[:cap(c.Data)]
	c.Data, c.Records = nil, nil
	if len(b) != s.opt.ChunkSize {
		return // grown for a long record: let it go
	}
	select {
	case s.free <- b:
	default:
	}
}

// Layout returns the detected layout (valid after the first Next).
func (s *Splitter) Layout() Layout { return s.layout }

// Progress says how far the splitter got: content bytes handed out, and for the Values and
// Splunk CSV layouts the line reached (line chunks count their lines themselves).
func (s *Splitter) Progress() (offset int64, line int) { return s.offset, s.line }

// fill reads until buf is full or the input ends.
func (s *Splitter) fill() {
	for s.n < len(s.buf) && !s.eof {
		m, err := s.r.Read(s.buf[s.n:])
		s.n += m
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.err = err
			}
		}
	}
}

// newBuf returns a buffer of at least size bytes holding carry at its start.
func (s *Splitter) newBuf(carry []byte, size int) {
	// After a long record the carry can be longer than a chunk: it must all fit.
	size = max(size, s.opt.ChunkSize, len(carry))
	var b []byte
	if size == s.opt.ChunkSize {
		select {
		case b = <-s.free:
		default:
		}
	}
	if b == nil {
		b = make([]byte, size)
	}
	s.n = copy(b, carry)
	s.buf = b
}

// Next returns the next chunk, or nil and the read error (nil at a clean end of input). A
// chunk already read before a read error is returned first; the error comes with the next call.
// A chunk's Data stays valid until it is passed to Release.
func (s *Splitter) Next() (*Chunk, error) {
	if !s.begun {
		s.begun = true
		s.newBuf(nil, s.opt.ChunkSize)
		s.fill()
		data := s.buf[:s.n]
		if bytes.HasPrefix(data, bom) {
			copy(s.buf, data[len(bom):])
			s.n -= len(bom)
		}
		s.layout = detect(s.buf[:s.n])
	}
	for {
		var c *Chunk
		switch s.layout {
		case Lines:
			c = s.nextLines()
		case SplunkCSV:
			c = s.nextCSV()
		default:
			c = s.nextValues()
		}
		if c != nil {
			return c, nil
		}
		if s.eof && s.n == 0 {
			if s.inArray && s.cut == "" {
				s.cut = "the JSON array is not closed: the input ends inside it"
			}
			return nil, s.err
		}
	}
}

// Cut says, once Next has returned nil, why a stream of JSON values ended early: inside a
// value, or inside the array holding them (a truncated export). It is "" for an input that
// ended where a value could end, and for the other layouts.
func (s *Splitter) Cut() string { return s.cut }

// detect picks the layout from the first bytes: a file starting with "[" is a stream of values;
// one starting with "{" is NDJSON if its first line is a whole object, else pretty-printed
// values, unless a later line of the head is a whole object of its own (see wholeObjectLine):
// then it is NDJSON whose first line is broken, and reading it as values would swallow the
// whole file into that one broken value. One whose first line is a CSV header naming _raw is a
// Splunk CSV export. Anything else is read as lines, so garbage is reported line by line.
func detect(head []byte) Layout {
	i := skipSpace(head, 0)
	if i >= len(head) {
		return Lines
	}
	switch head[i] {
	case '[':
		return Values
	case '{':
		nl := bytes.IndexByte(head[i:], '\n')
		if nl < 0 {
			return Lines
		}
		first := bytes.TrimRight(head[i:i+nl], " \t\r")
		if len(first) > 0 && first[len(first)-1] == '}' {
			return Lines
		}
		// The head's last line counts too: it is the input's last line when the input is
		// small (and may lack a line end), and a line cut by the head's end is not a whole
		// object.
		for line := range bytes.SplitSeq(head[i+nl+1:], []byte{'\n'}) {
			if wholeObjectLine(line) {
				return Lines
			}
		}
		return Values
	}
	if isSplunkCSVHeader(head[i:]) {
		return SplunkCSV
	}
	return Lines
}

// wholeObjectLine reports whether a line is a non-empty JSON object starting in its first
// column: an NDJSON record. Pretty-printed JSON never has one: its nested objects are indented,
// or open on one line and close on another; only an empty one ("{}") fits on one line.
func wholeObjectLine(line []byte) bool {
	line = bytes.TrimRight(line, " \t\r")
	if len(line) < 4 || line[0] != '{' || line[1] != '"' || line[len(line)-1] != '}' {
		return false
	}
	lines := 0
	return containerEnd(line, &lines) == len(line)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// emit hands out buf[:end] as a chunk and carries the rest into a fresh buffer.
func (s *Splitter) emit(end int, c *Chunk) *Chunk {
	c.Data = s.buf[:end]
	c.Layout = s.layout
	if s.layout == Lines {
		c.FirstLine = 1
	} else {
		c.FirstLine = s.line
		s.line += bytes.Count(c.Data, nl)
	}
	s.offset += int64(end)
	s.newBuf(s.buf[end:s.n], s.opt.ChunkSize)
	return c
}

// longLine is the chunk reporting a line longer than MaxRecord, handed out once the line has
// been skipped: it spans that one line, and its newline if it had one.
func (s *Splitter) longLine(newline int) *Chunk {
	return &Chunk{Layout: Lines, FirstLine: 1, Lead: newline,
		Problems: []Problem{{1, fmt.Sprintf("line longer than %d MiB", s.opt.MaxRecord>>20)}}}
}

// grow doubles the buffer, up to MaxRecord, to make room for a long record.
func (s *Splitter) grow() bool {
	if len(s.buf) >= s.opt.MaxRecord {
		return false
	}
	size := min(2*len(s.buf), s.opt.MaxRecord)
	s.newBuf(s.buf[:s.n], size)
	return true
}

func (s *Splitter) nextLines() *Chunk {
	s.fill()
	data := s.buf[:s.n]
	if s.skip {
		// Discarding an over-long line, reported once its end is found.
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			s.offset += int64(s.n)
			s.n = 0
			if s.eof {
				s.skip = false
				return s.longLine(0)
			}
			return nil
		}
		s.skip = false
		s.offset += int64(i + 1)
		s.newBuf(data[i+1:], s.opt.ChunkSize)
		return s.longLine(1)
	}
	if s.eof {
		if s.n == 0 {
			return nil
		}
		return s.emit(s.n, &Chunk{})
	}
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		return s.emit(i+1, &Chunk{})
	}
	if s.grow() {
		return nil
	}
	// A line longer than MaxRecord: skip to its end, then report it.
	s.offset += int64(s.n)
	s.skip = true
	s.newBuf(nil, s.opt.ChunkSize)
	return nil
}

func (s *Splitter) nextValues() *Chunk {
	s.fill()
	c := &Chunk{}
	data := s.buf[:s.n]
	pos, line := 0, s.line
	done := false
	for !done {
		pos = s.skipSeparators(data, pos, &line)
		if pos >= len(data) {
			break
		}
		lines := 0
		end := valueEnd(data[pos:], s.eof, &lines)
		switch end {
		case incomplete:
			if s.eof {
				c.Problems = append(c.Problems, Problem{line, "JSON value cut off by the end of the input"})
				s.cut = fmt.Sprintf("the input ends inside the JSON value that starts on line %d", line)
				pos = len(data)
			}
			done = true
		case badStart:
			c.Problems = append(c.Problems, Problem{line, fmt.Sprintf("unexpected byte 0x%02x where a JSON value should start", data[pos])})
			// Resynchronise at the next line.
			if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
				pos += i
			} else {
				// No line end in the buffer: drop the rest of it; the next read goes on.
				pos = len(data)
			}
		default:
			c.Records = append(c.Records, Record{Start: pos, End: pos + end, Line: line})
			pos += end
			line += lines
		}
	}
	if pos == 0 && len(c.Problems) == 0 {
		if s.eof {
			s.n = 0
			return nil
		}
		if !s.grow() {
			s.err = errors.Join(s.err, fmt.Errorf("line %d: JSON value longer than %d MiB", s.line, s.opt.MaxRecord>>20))
			s.eof, s.n = true, 0
		}
		return nil
	}
	// emit recounts the lines of buf[:pos] to move s.line.
	return s.emit(pos, c)
}

// skipSeparators skips whitespace, the commas and brackets of top-level arrays, and a BOM
// where concatenated files meet, counting newlines into *line.
func (s *Splitter) skipSeparators(data []byte, pos int, line *int) int {
	for ; pos < len(data); pos++ {
		switch b := data[pos]; {
		case b == '\n':
			*line++
		case b == ' ' || b == '\t' || b == '\r':
		case b == ',' && s.inArray:
		case b == ']' && s.inArray:
			s.inArray = false
		case b == '[' && !s.inArray:
			s.inArray = true
		case b == bom[0] && bytes.HasPrefix(data[pos:], bom):
			pos += len(bom) - 1
		default:
			return pos
		}
	}
	return pos
}
