package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// regionRead is everything the regions of a file gave, with line numbers made absolute the
// way the scanner does it (adding the newlines of the regions in front).
type regionRead struct {
	data     []byte   // the Data of every region, concatenated
	newlines int      // sum of Chunk.Newlines
	recs     []string // non-blank lines, in order
	lines    []int    // file line of each of recs
	problems []Problem
	chunks   []Chunk // copies, Data included
}

func readRegions(r io.ReaderAt, size int64, opt Options) (regionRead, error) {
	g := NewRegions(r, size, opt)
	var out regionRead
	var buf []byte
	for k := range g.Len() {
		c, b, err := g.Read(k, buf)
		if err != nil {
			if c != nil {
				return out, fmt.Errorf("region %d: chunk %+v with error %w", k, c, err)
			}
			return out, err
		}
		buf = b
		if c.Layout != Lines || (c.FirstLine != 1 && c.FirstLine != 2) {
			return out, fmt.Errorf("region %d: layout %v first line %d", k, c.Layout, c.FirstLine)
		}
		// Data aliases buf, which the next Read reuses: copy before going on.
		cc := *c
		cc.Data = bytes.Clone(c.Data)
		out.chunks = append(out.chunks, cc)
		out.data = append(out.data, c.Data...)
		for _, p := range c.Problems {
			out.problems = append(out.problems, Problem{out.newlines + p.Line, p.Reason})
		}
		line := out.newlines + c.FirstLine
		for _, l := range strings.SplitAfter(string(c.Data), "\n") {
			if s := strings.TrimSpace(l); s != "" {
				out.recs, out.lines = append(out.recs, s), append(out.lines, line)
			}
			line++
		}
		out.newlines += c.Newlines(bytes.Count(c.Data, nl))
	}
	return out, nil
}

// expected is the reference model of Regions: every line of the file once, except a line
// reaching MaxRecord bytes before its newline, which is a Problem on its own line; the last
// line of the file, without a newline, by the same rule (as the Splitter reads it).
func expected(file []byte, maxRecord int) (kept []byte, recs []string, lines []int, problems []Problem) {
	line := 1
	for _, l := range bytes.SplitAfter(file, nl) {
		if len(l) == 0 {
			continue
		}
		content := len(bytes.TrimSuffix(l, nl))
		long := content >= maxRecord
		if long {
			problems = append(problems, Problem{line, fmt.Sprintf("line longer than %d MiB", maxRecord>>20)})
		} else {
			kept = append(kept, l...)
			if s := strings.TrimSpace(string(l)); s != "" {
				recs, lines = append(recs, s), append(lines, line)
			}
		}
		line++
	}
	return kept, recs, lines, problems
}

func checkRegions(t *testing.T, file []byte, opt Options) regionRead {
	t.Helper()
	got, err := readRegions(bytes.NewReader(file), int64(len(file)), opt)
	if err != nil {
		t.Fatalf("opt %+v: %v", opt, err)
	}
	maxRecord := max(opt.MaxRecord, opt.ChunkSize)
	if opt.ChunkSize <= 0 {
		maxRecord = max(opt.MaxRecord, DefaultOptions().ChunkSize)
	}
	kept, recs, lines, problems := expected(file, maxRecord)
	if !bytes.Equal(got.data, kept) {
		t.Errorf("opt %+v, file %q:\nregions' data %q\n         want %q", opt, file, got.data, kept)
	}
	if want := bytes.Count(file, nl); got.newlines != want {
		t.Errorf("opt %+v, file %q: regions count %d newlines, file has %d", opt, file, got.newlines, want)
	}
	if !slices.Equal(got.recs, recs) || !slices.Equal(got.lines, lines) {
		t.Errorf("opt %+v, file %q:\nrecords %q on %v\n   want %q on %v", opt, file, got.recs, got.lines, recs, lines)
	}
	if !slices.Equal(got.problems, problems) {
		t.Errorf("opt %+v, file %q: problems %v, want %v", opt, file, got.problems, problems)
	}
	return got
}

// randomLines builds NDJSON-like files whose line lengths straddle small regions and record
// limits: empty lines, short ones, ones a few regions long, and optionally no final newline.
func randomLines(rnd *rand.Rand, n int, longest int) []byte {
	var b bytes.Buffer
	for i := range n {
		var l int
		switch rnd.IntN(6) {
		case 0:
			l = 0
		case 1, 2:
			l = rnd.IntN(12)
		case 3, 4:
			l = rnd.IntN(70)
		default:
			l = rnd.IntN(longest)
		}
		fmt.Fprintf(&b, "{%d:", i)
		b.WriteString(strings.Repeat("x", l))
		b.WriteByte('}') // whole objects, so that the Splitter detects lines as regions do
		if rnd.IntN(5) == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	out := b.Bytes()
	if rnd.IntN(2) == 0 {
		out = bytes.TrimSuffix(out, nl)
	}
	return out
}

func TestRegionsCoverTheFileOnce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for range 300 {
		file := randomLines(rnd, 1+rnd.IntN(40), 400)
		for _, opt := range []Options{
			{ChunkSize: 8 + rnd.IntN(57), MaxRecord: 64 + rnd.IntN(193)},
			{ChunkSize: 8 + rnd.IntN(57)}, // MaxRecord raised to ChunkSize: every line spanning a region boundary can be too long
			{ChunkSize: 1, MaxRecord: 1 << 10},
			{ChunkSize: len(file) + 1, MaxRecord: len(file) + 1}, // one region
		} {
			checkRegions(t, file, opt)
		}
	}
}

func TestRegionsDefaultOptions(t *testing.T) {
	var b bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&b, `{"log_id":"%d","type":"s","pad":"%s"}`+"\n", i, strings.Repeat("p", i%700))
	}
	g := NewRegions(bytes.NewReader(b.Bytes()), int64(b.Len()), Options{})
	// A zero MaxRecord is raised to the region size, not to DefaultOptions().MaxRecord: the
	// scanner always passes both (see New).
	if def := DefaultOptions(); g.opt.ChunkSize != def.ChunkSize || g.opt.MaxRecord != def.ChunkSize {
		t.Errorf("zero options became %+v", g.opt)
	}
	if g.Len() < 2 {
		t.Fatalf("test file of %d bytes fits one default region: make it longer", b.Len())
	}
	checkRegions(t, b.Bytes(), Options{})
	checkRegions(t, b.Bytes(), DefaultOptions())
}

func TestRegionsEdges(t *testing.T) {
	opt := Options{ChunkSize: 8, MaxRecord: 64}
	t.Run("no trailing newline", func(t *testing.T) {
		got := checkRegions(t, []byte("{\"a\":1}\n{\"b\":2222222}"), opt)
		if got.recs[len(got.recs)-1] != `{"b":2222222}` {
			t.Errorf("last record %q", got.recs[len(got.recs)-1])
		}
	})
	t.Run("newline is the last byte of a region", func(t *testing.T) {
		file := []byte("0123456\nabcdefg\nxy\n")
		got := checkRegions(t, file, opt)
		// Region 1 starts right after a newline: nothing to skip, and nothing runs past its end.
		if c := got.chunks[1]; string(c.Data) != "abcdefg\n" || c.FirstLine != 1 || c.Lead != 0 || c.Tail != 0 {
			t.Errorf("region 1: %+v", c)
		}
		if c := got.chunks[0]; string(c.Data) != "0123456\n" || c.Tail != 0 {
			t.Errorf("region 0 read past a newline that ends it: %+v", c)
		}
	})
	t.Run("region inside a long line", func(t *testing.T) {
		file := []byte("ab\n" + strings.Repeat("L", 40) + "\ncd\n")
		got := checkRegions(t, file, opt)
		if !bytes.Equal(got.chunks[0].Data, file[:len(file)-3]) || got.chunks[0].Tail != 1 {
			t.Errorf("region 0 did not finish its long last line: %+v", got.chunks[0])
		}
		for k := 1; k < 5; k++ { // regions 1..4 hold only bytes of the long line
			if c := got.chunks[k]; len(c.Data) != 0 || c.Newlines(0) != 0 || len(c.Problems) != 0 {
				t.Errorf("region %d inside the long line: %+v", k, c)
			}
		}
		if c := got.chunks[5]; string(c.Data) != "cd\n" || c.FirstLine != 2 || c.Lead != 1 {
			t.Errorf("region 5, where the long line ends: %+v", c)
		}
	})
	t.Run("line longer than MaxRecord", func(t *testing.T) {
		// The long line starts in region 2, which opens on the newline of a line begun in
		// region 1 (FirstLine 2) and holds two more lines: its relative line is 4, its file
		// line 5, once region 0's newline is added (region 1 holds none: its own ends in region 2).
		file := []byte("aaaaaaa\nbbbbbbbb\ncc\ndd\n" + strings.Repeat("L", 100) + "\nee\nff\n")
		got := checkRegions(t, file, opt)
		want := []Problem{{5, "line longer than 0 MiB"}}
		if !slices.Equal(got.problems, want) {
			t.Errorf("problems %v, want %v", got.problems, want)
		}
		if c := got.chunks[2]; len(c.Problems) != 1 || c.Problems[0].Line != 4 || c.FirstLine != 2 || string(c.Data) != "cc\ndd\n" {
			t.Errorf("region 2: %+v (%q)", c, c.Data)
		}
		if c := got.chunks[1]; c.Newlines(bytes.Count(c.Data, nl)) != 0 || c.Tail != 1 {
			t.Errorf("region 1: %+v", c)
		}
		if !slices.Equal(got.recs, []string{"aaaaaaa", "bbbbbbbb", "cc", "dd", "ee", "ff"}) ||
			!slices.Equal(got.lines, []int{1, 2, 3, 4, 6, 7}) {
			t.Errorf("records %q on %v", got.recs, got.lines)
		}
	})
	t.Run("line of exactly MaxRecord bytes", func(t *testing.T) {
		// MaxRecord bounds a line with its newline: 63 bytes and a newline fit, 64 do not; nor
		// do 64 at the end of the file, as in the Splitter.
		for _, tc := range []struct {
			file     string
			problems int
		}{
			{"a\n" + strings.Repeat("L", 63) + "\nb\n", 0},
			{"a\n" + strings.Repeat("L", 64) + "\nb\n", 1},
			{"a\n" + strings.Repeat("L", 63), 0},
			{"a\n" + strings.Repeat("L", 64), 1},
			{"a\n" + strings.Repeat("L", 65), 1},
		} {
			if got := checkRegions(t, []byte(tc.file), opt); len(got.problems) != tc.problems {
				t.Errorf("%d-byte file: problems %v, want %d", len(tc.file), got.problems, tc.problems)
			}
		}
	})
	t.Run("empty and blank", func(t *testing.T) {
		checkRegions(t, nil, opt)
		checkRegions(t, []byte("\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"), opt)
		checkRegions(t, []byte("  \r\n \t \n\n        \n"), opt)
	})
}

// failingReaderAt fails reads that reach past failAt.
type failingReaderAt struct {
	data   []byte
	failAt int64
	err    error
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.failAt {
		n := 0
		if off < f.failAt {
			n = copy(p, f.data[off:f.failAt])
		}
		return n, f.err
	}
	return copy(p, f.data[off:]), nil
}

func TestRegionsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	file := []byte("{\"a\":1}\n" + strings.Repeat("x", 30) + "\n{\"b\":2}\n")
	opt := Options{ChunkSize: 16, MaxRecord: 64}
	g := NewRegions(failingReaderAt{file, 20, boom}, int64(len(file)), opt)
	// Region 0 fits the readable part, but its last line runs on into the failing part: the
	// error comes from finishing that line.
	if c, _, err := g.Read(0, nil); !errors.Is(err, boom) || c != nil {
		t.Errorf("region 0: chunk %+v err %v, want %v", c, err, boom)
	}
	if c, _, err := g.Read(1, nil); !errors.Is(err, boom) || c != nil {
		t.Errorf("region 1: chunk %+v err %v, want %v", c, err, boom)
	}
	if _, err := readRegions(failingReaderAt{file, int64(len(file)), boom}, int64(len(file)), opt); err != nil {
		t.Errorf("reads inside the data failed: %v", err)
	}

	// The file shrank after its size was taken.
	for _, cut := range []int{len(file) - 1, 20, 5} {
		_, err := readRegions(bytes.NewReader(file[:cut]), int64(len(file)), opt)
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("file cut to %d bytes: err %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
}

func TestReadableInRegions(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want bool
	}{
		{"gzip", "\x1f\x8b\x08\x00\x00\x00", false},
		{"array", `[{"log_id":"1"},{"log_id":"2"}]`, false},
		{"array after blank lines", "\n\n  [\n{\"a\":1}\n]", false},
		{"ndjson", "{\"log_id\":\"1\"}\n{\"log_id\":\"2\"}\n", true},
		{"bom ndjson", "\xEF\xBB\xBF{\"log_id\":\"1\"}\r\n{\"log_id\":\"2\"}\r\n", true},
		{"pretty object", "{\n  \"log_id\": \"1\"\n}\n", false},
		{"first line longer than the head", `{"log_id":"1","type":"s","da`, true},
		{"garbage", "not json\n{}", true}, // reported line by line, which regions do as well
		{"empty", "", true},
	} {
		if got := ReadableInRegions([]byte(tc.head)); got != tc.want {
			t.Errorf("%s: ReadableInRegions(%q) = %v, want %v", tc.name, tc.head, got, tc.want)
		}
	}
}

// TestRegionsMatchSplitter checks that regions deliver the same records on the same lines,
// and the same problems, as the Splitter with the same options and with chunks of MaxRecord
// bytes (a Splitter that never grows its buffer).
func TestRegionsMatchSplitter(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		file := randomLines(rnd, 1+rnd.IntN(40), 300)
		opt := Options{ChunkSize: 8 + rnd.IntN(57), MaxRecord: 64 + rnd.IntN(193)}
		maxRecord := max(opt.MaxRecord, opt.ChunkSize)
		got, err := readRegions(bytes.NewReader(file), int64(len(file)), opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, sopt := range []Options{opt, {ChunkSize: maxRecord, MaxRecord: maxRecord}} {
			recs, lines, problems, layout, err := records(t, bytes.NewReader(file), sopt)
			if err != nil || layout != Lines {
				t.Fatalf("splitter: layout %v err %v", layout, err)
			}
			if !slices.Equal(got.recs, recs) || !slices.Equal(got.lines, lines) || !slices.Equal(got.problems, problems) {
				t.Errorf("opt %+v, splitter %+v, file %q:\nregions  %q on %v, problems %v\nsplitter %q on %v, problems %v",
					opt, sopt, file, got.recs, got.lines, got.problems, recs, lines, problems)
			}
		}
	}
}

// TestSplitterKeepsTheRestOfAGrownBuffer: once the Splitter has grown its buffer for a line
// longer than a chunk, the data after the last newline can be longer than a chunk too, and
// must all be carried into the next buffer (it once kept only a chunk's worth).
func TestSplitterKeepsTheRestOfAGrownBuffer(t *testing.T) {
	file := []byte("{0:" + strings.Repeat("x", 50) + "}\n{1:xx}\n{2:" + strings.Repeat("y", 40) + "}\n{3:z}\n")
	opt := Options{ChunkSize: 9, MaxRecord: 256}
	recs, _, problems, _, err := records(t, bytes.NewReader(file), opt)
	want := strings.Fields(string(file))
	if err != nil || len(problems) > 0 || !slices.Equal(recs, want) {
		t.Errorf("Splitter %+v: records %q, problems %v, err %v\nwant %q", opt, recs, problems, err, want)
	}
	got := checkRegions(t, file, opt)
	if !slices.Equal(got.recs, want) {
		t.Errorf("regions: %q", got.recs)
	}
}
