package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptorand "crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const watchTestToken = "watch-test-token"

// watchProcess is `auth0audit watch` running as a subprocess.
type watchProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
}

func startWatchProcess(t *testing.T, spool, tokenFile string) *watchProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "watch", "--listen", "127.0.0.1:0", "--auth-token-file", tokenFile,
		"--spool", spool, "--json")
	cmd.Env = append(os.Environ(), "AUTH0AUDIT_RUN_MAIN=1") // TestMain (firstcontact_test.go) runs the command
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &watchProcess{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("watch did not start: %v\n%s", err, p.stderr)
	}
	p.url = gjson.Get(line, "url").String()
	return p
}

// metric reads one sample of the receiver's /metrics (0 when absent).
func (p *watchProcess) metric(t *testing.T, series string) float64 {
	t.Helper()
	resp, err := http.Get(p.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if name, value, ok := strings.Cut(sc.Text(), " "); ok && name == series {
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	return 0
}

func (p *watchProcess) waitIdle(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if p.metric(t, "auth0audit_watch_backlog_events") == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the receiver did not catch up\n%s", p.stderr)
}

// corpusBatches returns JSONLINES deliveries of 100 log-stream envelopes of synthetic events
// in the real shapes (a tenth relevant), and the events themselves.
func corpusBatches(t *testing.T, events int) ([][]byte, [][]byte) {
	t.Helper()
	var nd bytes.Buffer
	if _, err := synth.WriteCorpus(&nd, int64(events)*900, synth.CorpusMix{APINoise: 100, Relevant: 100}, 13); err != nil {
		t.Fatal(err)
	}
	var batches, raw [][]byte
	var cur bytes.Buffer
	n := 0
	for _, line := range bytes.Split(bytes.TrimSpace(nd.Bytes()), []byte("\n")) {
		raw = append(raw, line)
		fmt.Fprintf(&cur, `{"log_id":%q,"data":%s}`+"\n", gjson.GetBytes(line, "log_id").String(), line)
		if n++; n%100 == 0 {
			batches = append(batches, bytes.Clone(cur.Bytes()))
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		batches = append(batches, cur.Bytes())
	}
	return batches, raw
}

func deliver(url string, batch []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(batch))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+watchTestToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestWatchSurvivesKill9 kills the receiver (SIGKILL) while several senders deliver, restarts
// it on the same spool, and has the senders deliver everything again (as Auth0 retries what
// was not acknowledged, and may redeliver what was): every acknowledged event is classified
// after the restart, and at the end every event is counted exactly once, with the findings of
// auth0audit logs over the same events.
func TestWatchSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the receiver as a subprocess")
	}
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(watchTestToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	spool := filepath.Join(dir, "spool")
	batches, events := corpusBatches(t, 20000)
	p := startWatchProcess(t, spool, tokenFile)

	var acked atomic.Int64 // events in acknowledged deliveries
	var next atomic.Int64
	killAt := int64(len(batches) / 3)
	var killOnce sync.Once
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(batches)) {
					return
				}
				if i == killAt {
					killOnce.Do(func() { _ = p.cmd.Process.Signal(syscall.SIGKILL) })
				}
				code, err := deliver(p.url, batches[i])
				if err == nil && code == http.StatusOK {
					acked.Add(int64(bytes.Count(batches[i], []byte("\n"))))
				}
			}
		}()
	}
	wg.Wait()
	_ = p.cmd.Wait()
	if acked.Load() == 0 || acked.Load() >= int64(len(events)) {
		t.Fatalf("%d of %d events acknowledged: the kill did not land mid-stream", acked.Load(), len(events))
	}

	p2 := startWatchProcess(t, spool, tokenFile)
	p2.waitIdle(t)
	after := p2.metric(t, "auth0audit_watch_events_classified_total")
	if after < float64(acked.Load()) || after > float64(len(events)) {
		t.Fatalf("after the restart %v events classified; %d were acknowledged before the kill, %d sent\n%s",
			after, acked.Load(), len(events), p2.stderr)
	}
	t.Logf("killed after %d of %d events were acknowledged; %v classified after the restart", acked.Load(), len(events), after)

	// Everything again, from several senders.
	next.Store(0)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(batches)) {
					return
				}
				if code, err := deliver(p2.url, batches[i]); err != nil || code != http.StatusOK {
					t.Errorf("delivery %d after the restart: %d %v", i, code, err)
				}
			}
		}()
	}
	wg.Wait()
	p2.waitIdle(t)
	if got := p2.metric(t, "auth0audit_watch_events_classified_total"); got != float64(len(events)) {
		t.Errorf("classified %v, want each of the %d events exactly once", got, len(events))
	}
	if received := p2.metric(t, "auth0audit_watch_events_received_total"); received < float64(len(events)+int(acked.Load())) {
		t.Errorf("received %v, want at least %d (redeliveries included)", received, len(events)+int(acked.Load()))
	}

	// Findings equal a file scan's over the same events.
	want := map[usecase.ID]int{}
	sc := logscan.New(logscan.Options{}, func(f usecase.Finding) error { want[f.UseCase]++; return nil })
	if err := sc.Scan(context.Background(), "corpus", bytes.NewReader(bytes.Join(events, []byte("\n")))); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Finish(); err != nil {
		t.Fatal(err)
	}
	if len(want) < 5 {
		t.Fatalf("the corpus has too few use cases: %v", want)
	}
	for id, n := range want {
		if got := p2.metric(t, fmt.Sprintf("auth0audit_findings_total{use_case=%q}", id)); got != float64(n) {
			t.Errorf("findings_total{use_case=%q} = %v, auth0audit logs finds %d", id, got, n)
		}
	}
	_ = p2.cmd.Process.Signal(syscall.SIGTERM)
	err := p2.cmd.Wait()
	if code := p2.cmd.ProcessState.ExitCode(); code != 143 { // terminated, as every command exits on SIGTERM
		t.Errorf("SIGTERM: exit %d (%v)\n%s", code, err, p2.stderr)
	}
	if !strings.Contains(p2.stderr.String(), "saving a checkpoint") {
		t.Errorf("no graceful shutdown on SIGTERM:\n%s", p2.stderr)
	}
}

// TestWatchServerTimeouts: a sender that stalls in its headers or its body is cut off by the
// server's timeouts (slowloris), and the receiver still serves others; TLS works with
// --tls-cert/--tls-key.
func TestWatchServerTimeouts(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(watchTestToken), 0o600); err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := selfSignedCert(t, dir)
	ios, _, _, _ := iostreamsTest()
	addrCh := make(chan string, 1)
	o := &watchOptions{ios: ios, listen: "127.0.0.1:0", tokenFile: tokenFile, spool: filepath.Join(dir, "spool"),
		tlsCert: certFile, tlsKey: keyFile, maxBody: "1MiB", spoolMax: "64MiB", metricClients: 5, gapFrom: "now", dedupeWindow: "35d",
		readHeaderTimeout: 300 * time.Millisecond, readTimeout: 600 * time.Millisecond,
		ready: func(addr string) { addrCh <- addr }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.run(ctx) }()
	var addr string
	select {
	case addr = <-addrCh:
	case err := <-done:
		t.Fatal(err)
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch: %v", err)
		}
	}()
	tlsConf := &tls.Config{InsecureSkipVerify: true}
	stall := func(what, partial string) {
		conn, err := tls.Dial("tcp", addr, tlsConf)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		io.WriteString(conn, partial)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = io.ReadAll(conn) // returns when the server closes the connection
		if el := time.Since(start); el > 3*time.Second {
			t.Errorf("%s: connection held for %v (%v)", what, el, err)
		}
	}
	stall("headers", "POST / HTTP/1.1\r\nHost: x\r\n")
	stall("body", "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: "+watchTestToken+"\r\nContent-Length: 100000\r\n\r\n{\"log_id\":")

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConf}}
	batches, _ := corpusBatches(t, 100)
	req, _ := http.NewRequest(http.MethodPost, "https://"+addr+"/api/logs", bytes.NewReader(batches[0]))
	req.Header.Set("Authorization", watchTestToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("delivery over TLS: %d", resp.StatusCode)
	}
}

func iostreamsTest() (*iostreams.IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return iostreams.Test(in, out, errOut), in, out, errOut
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key.
func selfSignedCert(t *testing.T, dir string) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(cryptorand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

func TestDedupeWindowFlag(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"35d", 35 * 24 * time.Hour, true}, {"72h", 72 * time.Hour, true}, {"0", -1, true}, {" 2d ", 48 * time.Hour, true},
		{"", 0, false}, {"-3d", 0, false}, {"5m", 0, false}, {"d", 0, false}, {"forever", 0, false}, {"99999d", 0, false},
	} {
		got, err := parseWindow(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseWindow(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "--dedupe-window") {
			t.Errorf("parseWindow(%q): error %q does not name the flag", tt.in, err)
		}
	}
}
