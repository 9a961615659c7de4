package decode

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// records collects every record of r (as text) with its line, and the problems.
func records(t *testing.T, r io.Reader, opt Options) (recs []string, lines []int, problems []Problem, layout Layout, err error) {
	t.Helper()
	sp := NewSplitter(r, opt)
	before := 0 // file lines before a relative chunk, as the scanner counts them
	for {
		c, err := sp.Next()
		if c == nil {
			return recs, lines, problems, sp.Layout(), err
		}
		shift := 0
		if c.Layout == Lines {
			shift = before
			before += c.Newlines(bytes.Count(c.Data, []byte("\n")))
		}
		for _, p := range c.Problems {
			problems = append(problems, Problem{p.Line + shift, p.Reason})
		}
		switch c.Layout {
		case Lines:
			line := c.FirstLine + shift
			for _, l := range strings.SplitAfter(string(c.Data), "\n") {
				if s := strings.TrimSpace(l); s != "" {
					recs, lines = append(recs, s), append(lines, line)
				}
				line++
			}
		case Values:
			for _, rec := range c.Records {
				recs, lines = append(recs, string(c.Data[rec.Start:rec.End])), append(lines, rec.Line)
			}
		}
		sp.Release(c)
	}
}

func TestDetectLayout(t *testing.T) {
	tests := []struct {
		in   string
		want Layout
	}{
		{`{"a":1}` + "\n" + `{"a":2}`, Lines},
		{"\n\n  {\"a\":1}\r\n", Lines},
		{"[\n{\"a\":1}\n]", Values},
		{"{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}", Values},
		{"garbage\n{\"a\":1}", Lines},
		// NDJSON whose first line is broken: later lines are whole objects.
		{"{\"a\":\"cut\n{\"a\":1}\n{\"a\":2}\n", Lines},
		{"{oops\n{\"a\":1}\n", Lines},
		// ... the last of them without a line end (a small file).
		{"{\"a\":\"cut\n{\"a\":1}", Lines},
		// Pretty-printed: no later line is a whole object ({} is not one, nor a line cut by
		// the head's end).
		{"{\n  \"a\": {\"b\": 1},\n  \"c\": [\n{}\n]\n}\n", Values},
		{"{\n  \"a\": 1\n}\n{\"b\":1,\"c\":{\"d\":2}", Values},
		{"", Lines},
	}
	for _, tt := range tests {
		if got := detect([]byte(tt.in)); got != tt.want {
			t.Errorf("detect(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValuesAcrossChunksAndLines(t *testing.T) {
	// Pretty-printed objects and arrays, a string with braces, quotes and escapes, read one
	// byte at a time through chunks smaller than a record.
	in := "[\n  {\"a\": \"}{][\\\"\",\n   \"b\": [1, 2]},\n  {\"c\": null}\n]\n{\n  \"d\": \"x\\\\\"\n}\n[{\"e\":1}][{\"f\":2}]\n"
	recs, lines, problems, layout, err := records(t, iotest.OneByteReader(strings.NewReader(in)), Options{ChunkSize: 8, MaxRecord: 1 << 10})
	if err != nil || len(problems) > 0 || layout != Values {
		t.Fatalf("err %v problems %v layout %v", err, problems, layout)
	}
	want := []string{"{\"a\": \"}{][\\\"\",\n   \"b\": [1, 2]}", `{"c": null}`, "{\n  \"d\": \"x\\\\\"\n}", `{"e":1}`, `{"f":2}`}
	wantLines := []int{2, 4, 6, 9, 9}
	if strings.Join(recs, "|") != strings.Join(want, "|") {
		t.Errorf("records:\n got %q\nwant %q", recs, want)
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("lines %v", lines)
	}
	for i := range lines {
		if lines[i] != wantLines[i] {
			t.Errorf("record %d on line %d, want %d", i, lines[i], wantLines[i])
		}
	}
}

func TestValuesProblems(t *testing.T) {
	_, _, problems, _, _ := records(t, strings.NewReader("[{\"a\":1},\n}oops\n{\"b\":2}]\n{\"cut\":"), DefaultOptions())
	if len(problems) != 2 || problems[0].Line != 2 || problems[1].Line != 4 ||
		!strings.Contains(problems[1].Reason, "cut off") {
		t.Errorf("problems %+v", problems)
	}
	// A value longer than MaxRecord ends the file with an error that says where.
	big := "[" + `{"a":"` + strings.Repeat("x", 5000) + `"}]`
	_, _, _, _, err := records(t, strings.NewReader(big), Options{ChunkSize: 512, MaxRecord: 1024})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("over-long value: %v", err)
	}
}

func TestLinesReadErrorComesAfterTheData(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("{\"a\":1}\n{\"b\":"), iotest.ErrReader(boom))
	recs, _, _, _, err := records(t, r, DefaultOptions())
	if !errors.Is(err, boom) || len(recs) != 2 {
		t.Errorf("records %q err %v: want both pieces, then the error", recs, err)
	}
}

func TestOpenSniffsGzip(t *testing.T) {
	r, gz, err := Open(bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}))
	if !gz || err == nil || r != nil {
		t.Errorf("broken gzip header: gz %v err %v", gz, err)
	}
	r, gz, err = Open(strings.NewReader("{}"))
	if gz || err != nil {
		t.Fatalf("plain: gz %v err %v", gz, err)
	}
	if b, _ := io.ReadAll(r); string(b) != "{}" {
		t.Errorf("plain content %q", b)
	}
	if _, gz, err := Open(strings.NewReader("")); gz || err != nil {
		t.Errorf("empty: gz %v err %v", gz, err)
	}
}

func TestUnwrap(t *testing.T) {
	tests := []struct {
		in, wantEvent, wantLogID, reason string
	}{
		{`{"log_id":"1","type":"s"}`, `{"log_id":"1","type":"s"}`, "1", ""},
		{`{"log_id":"2","data":{"type":"sapi"}}`, `{"type":"sapi"}`, "2", ""},
		{`{"detail-type":"Auth0 log","detail":{"log_id":"3","data":{"log_id":"3","type":"s"}}}`, `{"log_id":"3","type":"s"}`, "3", ""},
		{`{"preview":false,"result":{"_raw":"{\"log_id\":\"4\",\"type\":\"s\"}"}}`, `{"log_id":"4","type":"s"}`, "4", ""},
		{`{"_raw":"not json"}`, "", "", "_raw does not hold a JSON object"},
		{`{"x":1}`, "", "", "JSON object without log_id or type"},
		{`{"data":{"data":{"data":{"data":{"data":{"type":"s"}}}}}}`, "", "", "too many nested envelopes"},
	}
	if u, reason := Unwrap([]byte(`{"start":0,"limit":2,"length":1,"total":1,"logs":[{"log_id":"5","type":"s"}]}`)); reason != "" ||
		string(u.Batch) != `[{"log_id":"5","type":"s"}]` {
		t.Errorf("page with totals: batch %s, reason %q", u.Batch, reason)
	}
	for _, tt := range tests {
		u, reason := Unwrap([]byte(tt.in))
		if reason != tt.reason || (reason == "" && (string(u.Event) != tt.wantEvent || u.LogID != tt.wantLogID)) {
			t.Errorf("Unwrap(%s) = %s %q %q, want %s %q %q", tt.in, u.Event, u.LogID, reason, tt.wantEvent, tt.wantLogID, tt.reason)
		}
	}
}
