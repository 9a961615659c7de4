package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkDedupeIndexHistory measures what a long-running receiver's log_id index costs: a
// simulated history of WATCH_INDEX_IDS ids (default 5,000,000; the long run is
// 50,000,000) spread evenly over WATCH_INDEX_DAYS days (default 60), sealed every
// WATCH_INDEX_SEAL ids (default 10,000; a checkpoint), then opened again as a restart does.
// Two configurations in the same run:
//
//   - keep-all: the first version's behaviour, the baseline: every id kept for good, and runs
//     without their fences, read whole at a start;
//   - window-35d: the default dedupe window, and runs that end with their fences.
//
// Reported: ids kept, MB on disk, runs, MB a start reads, and the start's time with the run
// files dropped from the page cache first (cold-ms, Linux only: posix_fadvise on those files
// alone) and with them cached (warm-ms), the median of 5. Run it with
//
//	make bench-watch-index                     # or:
//	WATCH_INDEX_IDS=50000000 go test -run '^$' -bench DedupeIndexHistory -benchtime 1x -timeout 2h ./watch/
func BenchmarkDedupeIndexHistory(b *testing.B) {
	ids := envInt(b, "WATCH_INDEX_IDS", 5_000_000)
	days := envInt(b, "WATCH_INDEX_DAYS", 60)
	sealEvery := envInt(b, "WATCH_INDEX_SEAL", 10_000)
	for _, c := range []struct {
		name string
		opt  indexOptions
	}{
		{"keep-all", indexOptions{legacyRuns: true}},
		{"window-35d", indexOptions{window: DefaultDedupeWindow}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				benchIndexHistory(b, c.opt, ids, days, sealEvery)
			}
		})
	}
}

func benchIndexHistory(b *testing.B, opt indexOptions, ids, days, sealEvery int) {
	b.StopTimer()
	dir := b.TempDir()
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &indexClock{t: day0}
	opt.now = clock.now
	x, err := openLogIDIndex(dir, indexState{}, opt)
	if err != nil {
		b.Fatal(err)
	}
	span := time.Duration(days) * 24 * time.Hour
	start := time.Now()
	var st indexState
	for n := 0; n < ids; n++ {
		at := day0.Add(time.Duration(int64(span) / int64(ids) * int64(n)))
		clock.t = at
		if dup, err := x.seen(datedLogID(at, n), at); err != nil || dup {
			b.Fatalf("id %d: dup %v, %v", n, dup, err)
		}
		if (n+1)%sealEvery == 0 || n == ids-1 {
			if err := x.seal(); err != nil {
				b.Fatal(err)
			}
			st = x.state()
			if err := x.release(); err != nil {
				b.Fatal(err)
			}
		}
	}
	build := time.Since(start)
	kept, disk := x.size(), x.diskBytes()
	x.close()
	var startupRead int64
	for _, r := range st.Runs {
		if r.Fences {
			startupRead += 8 * ((r.Count + indexBlockLen - 1) / indexBlockLen)
		} else {
			startupRead += 8 * r.Count
		}
	}
	open := func(cold bool) time.Duration {
		if cold {
			for _, r := range st.Runs {
				if err := dropFileCache(filepath.Join(dir, r.Name)); err != nil {
					b.Fatal(err)
				}
			}
		}
		t0 := time.Now()
		b.StartTimer()
		y, err := openLogIDIndex(dir, st, opt)
		b.StopTimer()
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		y.close()
		return d
	}
	median := func(cold bool) float64 {
		var ds []time.Duration
		for range 5 {
			ds = append(ds, open(cold))
		}
		slices.Sort(ds)
		return float64(ds[2].Microseconds()) / 1000
	}
	b.ReportMetric(float64(kept), "ids-kept")
	b.ReportMetric(float64(disk)/1e6, "disk-MB")
	b.ReportMetric(float64(len(st.Runs)), "runs")
	b.ReportMetric(float64(startupRead)/1e6, "start-read-MB")
	if dropFileCacheWorks {
		b.ReportMetric(median(true), "cold-ms")
	}
	b.ReportMetric(median(false), "warm-ms")
	b.ReportMetric(build.Seconds(), "build-s")
	b.Logf("%d ids over %d days, a seal every %d: %d ids kept in %d runs, %.1f MB on disk; a start reads %.2f MB (built in %v)",
		ids, days, sealEvery, kept, len(st.Runs), float64(disk)/1e6, float64(startupRead)/1e6, build.Round(time.Second))
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}
