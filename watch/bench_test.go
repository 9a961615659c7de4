package watch

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
)

// benchBatches returns JSONLINES deliveries of 100 envelopes of synthetic events (the log
// scanner's benchmark mix), each event with a unique log_id.
func benchBatches(b *testing.B, n int) [][]byte {
	b.Helper()
	var nd bytes.Buffer
	if _, err := synth.WriteCorpus(&nd, int64(n)*1300, synth.DefaultMix, 5); err != nil {
		b.Fatal(err)
	}
	var out [][]byte
	var cur bytes.Buffer
	k := 0
	for _, ev := range bytes.Split(bytes.TrimSpace(nd.Bytes()), []byte("\n")) {
		fmt.Fprintf(&cur, `{"log_id":%q,"data":%s}`+"\n", gjson.GetBytes(ev, "log_id").String(), ev)
		if k++; k%100 == 0 {
			out = append(out, bytes.Clone(cur.Bytes()))
			cur.Reset()
		}
	}
	return out
}

// BenchmarkCheckDelivery is the handler's check of one delivery of 100 events.
func BenchmarkCheckDelivery(b *testing.B) {
	batches := benchBatches(b, 2000)
	b.SetBytes(int64(len(batches[0])))
	b.ResetTimer()
	var norm bytes.Buffer
	for i := 0; b.Loop(); i++ {
		norm.Reset()
		if _, _, err := checkDelivery(batches[i%len(batches)], &norm); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiver delivers batches of 100 events from 8 senders over loopback to a receiver
// on a spool in the test's temporary directory, and reports events/s and ack latency. The
// command-level load test (RSS, a long run) is make bench-watch.
func BenchmarkReceiver(b *testing.B) {
	batches := benchBatches(b, 20000)
	auth, _ := NewAuthenticator(testToken)
	r, err := Open(Config{Dir: b.TempDir(), Auth: auth})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { defer close(done); _ = r.Run(ctxUntil(stop)) }()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				// Ids repeat past the corpus: those are deduplicated, which costs the same.
				req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(batches[i%int64(len(batches))]))
				req.Header.Set("Authorization", testToken)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Errorf("delivery: %v %v", err, resp)
					return
				}
				resp.Body.Close()
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := r.WaitIdle(b.Context()); err != nil {
		b.Fatal(err)
	}
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N*100)/el.Seconds(), "events/s")
	if len(lat) > 0 {
		sortDurations(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	close(stop)
	<-done
	r.Close()
}

func sortDurations(d []time.Duration) {
	slices.Sort(d)
}

func ctxUntil(stop <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-stop; cancel() }()
	return ctx
}
