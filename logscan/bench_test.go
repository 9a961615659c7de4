package logscan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// benchCorpus is 32 MiB of the benchmark corpus (bench/logscan): ~2% relevant events.
var benchCorpus = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if _, err := synth.WriteCorpus(&b, 32<<20, synth.DefaultMix, 1); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkPrefilterLogin is the decision made for most lines: a login is not relevant.
func BenchmarkPrefilterLogin(b *testing.B) {
	line := synth.Marshal(synth.NewTenant("t.eu.auth0.com", 1).Login(synth.LegacyRotatedAt, synth.WebApp, 7))
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if c, _ := classify.Prefilter(line); c {
			b.Fatal("login taken for a candidate")
		}
	}
}

// BenchmarkWorkerChunk classifies one chunk of the corpus on one core: the hot path, without
// reading or merging.
func BenchmarkWorkerChunk(b *testing.B) {
	corpus := benchCorpus()
	end := bytes.LastIndexByte(corpus[:decode.DefaultOptions().ChunkSize], '\n') + 1
	c := &decode.Chunk{Data: corpus[:end], FirstLine: 1, Layout: decode.Lines}
	w := worker{file: "bench", maxExamples: 20}
	b.SetBytes(int64(end))
	b.ReportAllocs()
	for b.Loop() {
		if res := w.process(c); res.events == 0 {
			b.Fatal("no events")
		}
	}
}

// BenchmarkWorkerChunkStrict is BenchmarkWorkerChunk parsing every record (--strict): what a
// true malformed count by parsing would cost the hot path.
func BenchmarkWorkerChunkStrict(b *testing.B) {
	corpus := benchCorpus()
	end := bytes.LastIndexByte(corpus[:decode.DefaultOptions().ChunkSize], '\n') + 1
	c := &decode.Chunk{Data: corpus[:end], FirstLine: 1, Layout: decode.Lines}
	w := worker{file: "bench", maxExamples: 20, strict: true}
	b.SetBytes(int64(end))
	b.ReportAllocs()
	for b.Loop() {
		if res := w.process(c); res.events == 0 {
			b.Fatal("no events")
		}
	}
}

// BenchmarkScan is the whole pipeline (split, GOMAXPROCS workers, merge, stale-use) on the
// corpus in memory.
func BenchmarkScan(b *testing.B) {
	corpus := benchCorpus()
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		s := New(Options{}, func(usecase.Finding) error { return nil })
		if err := s.Scan(context.Background(), "bench", bytes.NewReader(corpus)); err != nil {
			b.Fatal(err)
		}
		if st, err := s.Finish(); err != nil || st.Relevant == 0 {
			b.Fatal(st, err)
		}
	}
}

// BenchmarkScanFile is the whole pipeline on a file in the page cache: workers reading their
// own regions (the path of uncompressed NDJSON files).
func BenchmarkScanFile(b *testing.B) {
	corpus := benchCorpus()
	path := filepath.Join(b.TempDir(), "corpus.ndjson")
	if err := os.WriteFile(path, corpus, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		s := New(Options{}, func(usecase.Finding) error { return nil })
		if err := s.ScanPath(context.Background(), path, nil); err != nil {
			b.Fatal(err)
		}
		if st, err := s.Finish(); err != nil || st.Relevant == 0 || st.Files[0].Layout != "ndjson" {
			b.Fatal(st, err)
		}
	}
}

// BenchmarkClassifyCandidates is the slow path: the events the prefilter lets through (~2%,
// nearly all relevant), validated and classified as the worker does.
func BenchmarkClassifyCandidates(b *testing.B) {
	var lines [][]byte
	var size int64
	for l := range bytes.SplitSeq(benchCorpus(), []byte("\n")) {
		if ok, _ := classify.Prefilter(l); ok {
			lines = append(lines, l)
			size += int64(len(l))
		}
	}
	b.SetBytes(size / int64(len(lines)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l := lines[i%len(lines)]
		if !gjson.ValidBytes(l) {
			b.Fatal("invalid candidate")
		}
		classify.Event(l, "")
		i++
	}
}
