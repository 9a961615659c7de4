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
	for len(data) < s.opt.ChunkSize {
		row, err := s.csv.r.Read()
		if errors.Is(err, io.EOF) {
			s.eof, s.n = true, 0
			break
		}
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			c.Problems = append(c.Problems, Problem{pe.StartLine, "CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			s.err = errors.Join(s.err, err)
			s.eof, s.n = true, 0
			break
		}
		line, _ := s.csv.r.FieldPos(0)
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
	s.offset = s.csv.r.InputOffset()
	if len(c.Records) == 0 && len(c.Problems) == 0 {
		return nil
	}
	c.Data = data
	return c
}

// startCSV reads the header. The splitter has already read the file's first bytes into buf.
func (s *Splitter) startCSV() error {
	head := bytes.Clone(s.buf[:s.n])
	r := csv.NewReader(io.MultiReader(bytes.NewReader(head), s.r))
	r.FieldsPerRecord = -1 // a short row is reported, not fatal
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("line 1: CSV header: %w", err)
	}
	col := slices.Index(header, rawColumn)
	if col < 0 {
		return errors.New("line 1: CSV header has no _raw column")
	}
	s.csv = &csvRecords{r: r, rawCol: col}
	return nil
}
