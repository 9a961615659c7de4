package decode

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
)

// rawColumn is the column of a Splunk export holding the event as it was indexed.
const rawColumn = "_raw"

// isSplunkCSVHeader reports whether the first line of head is a CSV header with a _raw column.
func isSplunkCSVHeader(head []byte) bool {
	line, _, _ := bytes.Cut(head, nl)
	if !bytes.Contains(line, []byte(rawColumn)) {
		return false
	}
	fields, err := csv.NewReader(bytes.NewReader(line)).Read()
	return err == nil && slices.Contains(fields, rawColumn)
}

// csvRecords reads the rows of a Splunk CSV export.
type csvRecords struct {
	r      *csv.Reader
	rawCol int
	// rec keeps the input r read since the end of the last row, so that after a parse error
	// that ran on past the broken row's first line (an unclosed quote) reading can start
	// again on the next line instead of losing the rows the error swallowed.
	rec *csvRecorder
	// lineBase and offBase place r's line 1 and offset 0 in the file (r is replaced at each
	// restart); fromLine is r's line at rec.from.
	lineBase int
	offBase  int64
	fromLine int
	maxRow   int
	// openQuoteLine is the line of the last row read when it was a quoted value the input
	// ended inside (0 otherwise): if nothing follows it, the file was cut off.
	openQuoteLine int
}

// csvRecorder passes src through to a csv.Reader, keeping what it read from offset from on.
// It refuses to keep more than max bytes: a row that long is a quote never closed, and
// encoding/csv would otherwise read the rest of the file into one field.
type csvRecorder struct {
	src  io.Reader
	buf  []byte
	from int64
	max  int
}

// errCSVRowTooLong ends a CSV file whose current row runs past MaxRecord.
var errCSVRowTooLong = errors.New("CSV row too long")

func (r *csvRecorder) Read(p []byte) (int, error) {
	if len(r.buf) > r.max {
		return 0, errCSVRowTooLong
	}
	n, err := r.src.Read(p)
	r.buf = append(r.buf, p[:n]...)
	return n, err
}

// maxCSVProblems bounds the problems of one chunk: a file of broken rows makes no records,
// and without a bound its problems would all go into one chunk.
const maxCSVProblems = 1024

func (c *csvRecords) newReader(src io.Reader) {
	c.rec = &csvRecorder{src: src, max: c.maxRow}
	c.r = csv.NewReader(c.rec)
	c.r.FieldsPerRecord = -1 // a short row is reported, not fatal
	c.r.ReuseRecord = true
	c.fromLine = 1
}

// rowDone forgets the input up to the end of the row just read.
func (c *csvRecords) rowDone() {
	off := c.r.InputOffset()
	k := int(off - c.rec.from)
	c.fromLine += bytes.Count(c.rec.buf[:k], nl)
	c.rec.buf = append(c.rec.buf[:0], c.rec.buf[k:]...)
	c.rec.from = off
}

// restart reads on from the line after line start (r's numbering), the first line of a row
// whose parse error consumed lines after it. It reports whether it could.
func (c *csvRecords) restart(start int) bool {
	pos := 0
	for range start - c.fromLine + 1 {
		i := bytes.IndexByte(c.rec.buf[pos:], '\n')
		if i < 0 {
			return false
		}
		pos += i + 1
	}
	c.lineBase += start
	c.offBase += c.rec.from + int64(pos)
	rest := bytes.Clone(c.rec.buf[pos:])
	c.newReader(io.MultiReader(bytes.NewReader(rest), c.rec.src))
	return true
}

// nextCSV hands out the _raw values of the next rows as the records of a Values chunk, each
// located at its row's first line (a quoted value may span lines).
func (s *Splitter) nextCSV() *Chunk {
	if s.csv == nil {
		if err := s.startCSV(); err != nil {
			s.err = errors.Join(s.err, err)
			s.eof, s.n = true, 0
			return nil
		}
	}
	c := &Chunk{Layout: Values, FirstLine: s.line}
	var data []byte
	select {
	case b := <-s.free:
		data = b[:0]
	default:
		data = make([]byte, 0, s.opt.ChunkSize)
	}
	for len(data) < s.opt.ChunkSize && len(c.Problems) < maxCSVProblems {
		row, err := s.csv.r.Read()
		if errors.Is(err, io.EOF) {
			if s.csv.openQuoteLine > 0 && s.cut == "" {
				s.cut = fmt.Sprintf("the input ends inside the quoted CSV value of the row on line %d", s.csv.openQuoteLine)
			}
			s.eof, s.n = true, 0
			break
		}
		s.csv.openQuoteLine = 0
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			c.Problems = append(c.Problems, Problem{s.csv.lineBase + pe.StartLine, "CSV: " + pe.Err.Error()})
			// A quote error with an odd number of quotes in all that is left of the input
			// (the reader has read to its end when it reports a quoted field the input ends
			// inside) and no line end after them is a row cut off, as an NDJSON file's last
			// line without a line end is (a row with an unclosed quote that ends its line is a
			// broken row); whether the input ends there, the next read says.
			if rest := s.csv.rec.buf; errors.Is(pe.Err, csv.ErrQuote) && bytes.Count(rest, []byte{'"'})%2 == 1 && !bytes.HasSuffix(rest, nl) {
				s.csv.openQuoteLine = s.csv.lineBase + pe.StartLine
			}
			if pe.Line <= pe.StartLine || !s.csv.restart(pe.StartLine) {
				s.csv.rowDone()
			}
			continue
		}
		if errors.Is(err, errCSVRowTooLong) {
			err = fmt.Errorf("line %d: CSV row longer than %d MiB (a quote never closed?); the rest of the file was not read",
				s.csv.lineBase+s.csv.fromLine, s.opt.MaxRecord>>20)
		}
		if err != nil {
			s.err = errors.Join(s.err, err)
			s.eof, s.n = true, 0
			break
		}
		s.csv.rowDone()
		line, _ := s.csv.r.FieldPos(0)
		line += s.csv.lineBase
		switch {
		case len(row) <= s.csv.rawCol:
			c.Problems = append(c.Problems, Problem{line, "CSV row without a _raw value"})
		case len(bytes.TrimSpace([]byte(row[s.csv.rawCol]))) == 0:
			c.Problems = append(c.Problems, Problem{line, "CSV row with an empty _raw value"})
		case len(row[s.csv.rawCol]) > s.opt.MaxRecord:
			c.Problems = append(c.Problems, Problem{line, fmt.Sprintf("_raw longer than %d MiB", s.opt.MaxRecord>>20)})
		default:
			start := len(data)
			data = append(data, row[s.csv.rawCol]...)
			c.Records = append(c.Records, Record{Start: start, End: len(data), Line: line})
		}
		s.line = line
	}
	s.offset = s.csv.offBase + s.csv.r.InputOffset()
	if len(c.Records) == 0 && len(c.Problems) == 0 {
		return nil
	}
	c.Data = data
	return c
}

// startCSV reads the header. The splitter has already read the file's first bytes into buf.
func (s *Splitter) startCSV() error {
	head := bytes.Clone(s.buf[:s.n])
	c := &csvRecords{maxRow: s.opt.MaxRecord + 64<<10}
	c.newReader(io.MultiReader(bytes.NewReader(head), s.r))
	header, err := c.r.Read()
	if err != nil {
		return fmt.Errorf("line 1: CSV header: %w", err)
	}
	col := slices.Index(header, rawColumn)
	if col < 0 {
		return errors.New("line 1: CSV header has no _raw column")
	}
	c.rowDone()
	c.rawCol = col
	s.csv = c
	return nil
}
