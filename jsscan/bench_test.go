package jsscan

import (
	"context"
	"os"
	"testing"
)

// BenchmarkScanCorpus scans the tree in $BENCH_JS_CORPUS (make bench-js-setup unpacks one into
// bench/js/.cache/corpus) with everything included; skipped when unset. make bench-js compares
// the command against ESLint; this is for profiling (-cpuprofile, -memprofile).
func BenchmarkScanCorpus(b *testing.B) {
	dir := os.Getenv("BENCH_JS_CORPUS")
	if dir == "" {
		b.Skip("BENCH_JS_CORPUS not set")
	}
	for b.Loop() {
		res, err := Scan(context.Background(), Options{Dir: dir, Include: []string{SkipNodeModules, SkipBuild, SkipMinified, SkipTestdata, SkipHidden}}, ".")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Lines), "lines")
	}
}
