package decode

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestCSVProblemsAreBoundedPerChunk: a Splunk CSV of broken rows yields no records, so the
// chunk-size bound never stops the loop; the problems must still come in bounded chunks, or
// memory grows with the file.
func TestCSVProblemsAreBoundedPerChunk(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("_serial,_raw\r\n")
	const rows = 5000
	for i := range rows {
		fmt.Fprintf(&b, "%d,\r\n", i) // empty _raw
	}
	sp := NewSplitter(&b, Options{ChunkSize: 4096, MaxRecord: 4096})
	total, most := 0, 0
	for {
		c, err := sp.Next()
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
		total += len(c.Problems)
		most = max(most, len(c.Problems))
	}
	if total != rows || most > maxCSVProblems {
		t.Errorf("%d problems, at most %d in a chunk; want %d, at most %d", total, most, rows, maxCSVProblems)
	}
}

// TestCSVUnclosedQuoteIsBounded: a quote never closed would make encoding/csv read the rest of
// the file into one field; the row is cut at MaxRecord and the file ends with an error that
// says where, keeping the rows before it.
func TestCSVUnclosedQuoteIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("_time,_raw\n")
	b.WriteString("1,\"{\"\"log_id\"\":\"\"1\"\"}\"\n")
	b.WriteString("2,\"{ never closed\n")
	for range 5000 {
		b.WriteString("3,plain row without quotes\n")
	}
	recs, _, _, _, err := records(t, strings.NewReader(b.String()), Options{ChunkSize: 1024, MaxRecord: 4096})
	if len(recs) != 1 || err == nil || !strings.Contains(err.Error(), "line 3: CSV row longer than") {
		t.Fatalf("records %q, err %v: want the first row, then an error at line 3", recs, err)
	}
}
