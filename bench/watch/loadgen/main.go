// Command loadgen measures `auth0audit watch` under load on loopback (make bench-watch): it
// starts the receiver as a subprocess on a fresh spool, has several senders deliver JSONLINES
// batches of log-stream envelopes (synthetic events in the real shapes, each with a unique
// log_id) as fast as the receiver acknowledges them, and reports events per second, ack
// latency (p50, p99, max), the receiver's RSS over the run (sampled every second, so that a
// growing footprint shows) and its peak, and whether every event sent was classified once.
//
// The run is bounded: -events in all, and -max-duration (it stops sending then, and fails).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
)

func main() {
	bin := flag.String("bin", "bin/auth0audit", "the auth0audit binary to measure")
	events := flag.Int64("events", 1_000_000, "events to send in all")
	senders := flag.Int("senders", 8, "concurrent senders")
	batch := flag.Int("batch", 100, "events per delivery")
	maxDur := flag.Duration("max-duration", 15*time.Minute, "stop sending (and fail) after this long")
	spool := flag.String("spool", "", "spool directory (default: a new temporary one, removed after)")
	keep := flag.Bool("keep", false, "keep the spool")
	flag.Parse()
	if err := run(*bin, *events, *senders, *batch, *maxDur, *spool, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

const token = "loadgen-token"

func run(bin string, events int64, senders, batch int, maxDur time.Duration, spool string, keep bool) error {
	tmp, err := os.MkdirTemp("", "auth0audit-bench-watch-*")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(tmp)
	}
	if spool == "" {
		spool = filepath.Join(tmp, "spool")
	}
	tokenFile := filepath.Join(tmp, "token")
	if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
		return err
	}
	pool, err := eventPool()
	if err != nil {
		return err
	}

	cmd := exec.Command(bin, "watch", "--listen", "127.0.0.1:0", "--auth-token-file", tokenFile, "--spool", spool, "--json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("receiver did not start: %v\n%s", err, stderr.String())
	}
	url := gjson.Get(line, "url").String()
	pid := cmd.Process.Pid

	// RSS over the run.
	type sample struct {
		at   time.Duration
		sent int64
		rss  int64
	}
	var samples []sample
	var sent atomic.Int64
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	start := time.Now()
	sampling.Add(1)
	go func() {
		defer sampling.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				rss, _ := procStatus(pid, "VmRSS")
				samples = append(samples, sample{time.Since(start), sent.Load(), rss})
			case <-stopSampling:
				return
			}
		}
	}()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders, DisableCompression: true}}
	var next atomic.Int64
	deadline := start.Add(maxDur)
	latencies := make([][]time.Duration, senders)
	var failures atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	nBatches := (events + int64(batch) - 1) / int64(batch)
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var body []byte
			for time.Now().Before(deadline) {
				b := next.Add(1) - 1
				if b >= nBatches {
					return
				}
				first := b * int64(batch)
				n := min(int64(batch), events-first)
				body = buildBatch(body[:0], pool, first, int(n))
				t0 := time.Now()
				code, err := post(client, url, body)
				latencies[s] = append(latencies[s], time.Since(t0))
				if err != nil || code != http.StatusOK {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("batch %d: %d %v", b, code, err))
					continue
				}
				sent.Add(n)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	acked := sent.Load()

	// Let the classifier finish, then check nothing was lost.
	var classified, received, fsyncs, frames float64
	for wait := time.Now().Add(5 * time.Minute); time.Now().Before(wait); time.Sleep(200 * time.Millisecond) {
		m, err := metrics(url)
		if err != nil {
			return err
		}
		classified, received = m["auth0audit_watch_events_classified_total"], m["auth0audit_watch_events_received_total"]
		fsyncs, frames = m["auth0audit_watch_spool_fsyncs_total"], m["auth0audit_watch_spool_batches_total"]
		if m["auth0audit_watch_backlog_events"] == 0 {
			break
		}
	}
	classifyDone := time.Since(start)
	close(stopSampling)
	sampling.Wait()
	hwm, _ := procStatus(pid, "VmHWM")
	cpu, _ := procCPU(pid)
	self, _ := procCPU(os.Getpid())

	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("auth0audit watch under load: %d events in batches of %d from %d senders over loopback\n", events, batch, senders)
	fmt.Printf("  acknowledged   %d events in %.1fs: %.0f events/s (%d deliveries failed)\n", acked, elapsed.Seconds(), float64(acked)/elapsed.Seconds(), failures.Load())
	fmt.Printf("  classified     %.0f events (%.0f received), all done after %.1fs: %.0f events/s end to end\n", classified, received, classifyDone.Seconds(), classified/classifyDone.Seconds())
	fmt.Printf("  ack latency    p50 %v  p99 %v  max %v\n", pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	if fsyncs > 0 {
		fmt.Printf("  group commit   %.0f fsyncs for %.0f deliveries: %.1f deliveries per fsync\n", fsyncs, frames, frames/fsyncs)
	}
	if classified > 0 {
		perEvent := cpu.Seconds() / classified
		fmt.Printf("  CPU            receiver %.1fs (%.1f µs per event: %.0f events/s per core it gets), load generator %.1fs\n",
			cpu.Seconds(), perEvent*1e6, 1/perEvent, self.Seconds())
	}
	fmt.Printf("  receiver RSS   peak %d MiB;", hwm>>10)
	for _, q := range []float64{0.1, 0.25, 0.5, 0.75, 1} {
		if len(samples) > 0 {
			s := samples[min(len(samples)-1, int(q*float64(len(samples))))]
			fmt.Printf(" %.0f%% of the run (%d events): %d MiB;", q*100, s.sent, s.rss>>10)
		}
	}
	fmt.Println()
	fmt.Printf("  load average   %s", load)
	if v := firstErr.Load(); v != nil {
		fmt.Printf("  first failure  %s\n", v)
	}
	switch {
	case acked < events:
		return fmt.Errorf("only %d of %d events acknowledged within %v", acked, events, maxDur)
	case classified != float64(events):
		return fmt.Errorf("LOST OR DOUBLE COUNTED: %d events acknowledged, %.0f classified", acked, classified)
	}
	fmt.Println("  zero lost: every event acknowledged was classified exactly once")
	return nil
}

// pooledEvent is an envelope line with the places its log_id is written.
type pooledEvent struct {
	line []byte
	ids  []int
}

// eventPool builds distinct log-stream envelopes from the log scanner's synthetic corpus
// (logins, Management API noise and relevant events in the real shapes).
func eventPool() ([]pooledEvent, error) {
	var nd bytes.Buffer
	if _, err := synth.WriteCorpus(&nd, 8<<20, synth.DefaultMix, 7); err != nil {
		return nil, err
	}
	var pool []pooledEvent
	for _, ev := range bytes.Split(bytes.TrimSpace(nd.Bytes()), []byte("\n")) {
		id := gjson.GetBytes(ev, "log_id").String()
		line := fmt.Appendf(nil, `{"log_id":%q,"data":%s}`, id, ev)
		var at []int
		for off := 0; ; {
			i := bytes.Index(line[off:], []byte(id))
			if i < 0 {
				break
			}
			at = append(at, off+i)
			off += i + len(id)
		}
		pool = append(pool, pooledEvent{line, at})
	}
	return pool, nil
}

// buildBatch appends n envelopes with the log_ids of events first..first+n-1.
func buildBatch(dst []byte, pool []pooledEvent, first int64, n int) []byte {
	for i := range n {
		seq := first + int64(i)
		ev := pool[seq%int64(len(pool))]
		start := len(dst)
		dst = append(dst, ev.line...)
		id := logID(seq)
		for _, at := range ev.ids {
			copy(dst[start+at:], id[:])
		}
		dst = append(dst, '\n')
	}
	return dst
}

// logID is a 56-digit Auth0-shaped log_id, increasing with seq.
func logID(seq int64) [56]byte {
	var id [56]byte
	copy(id[:], "90020261001000000")
	for i := range 39 {
		id[55-i] = byte('0' + seq%10)
		seq /= 10
	}
	return id
}

func post(c *http.Client, url string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func metrics(url string) (map[string]float64, error) {
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	return out, sc.Err()
}

// procStatus reads a kB field of /proc/PID/status.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// procCPU reads the user and system CPU time of a process from /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces, in parentheses): utime is the 14th
	// field of the line, stime the 15th, in clock ticks (100 per second on Linux).
	rest := string(b[bytes.LastIndexByte(b, ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too short", pid)
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+st) * 10 * time.Millisecond, nil
}
