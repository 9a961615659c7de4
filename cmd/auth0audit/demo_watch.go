package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
	"github.com/auth0-migrate/auth0audit/watch"
)

// demoWatch shows the log-stream receiver end to end: the simulated tenant streams its log
// events to a receiver on loopback while it is driven through the migration traffic, and the
// receiver classifies them as they arrive.
func demoWatch(ctx context.Context, ios *iostreams.IOStreams, outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("--out-dir %s: %w", outDir, err)
	}
	spool := filepath.Join(outDir, "watch-spool")
	if err := os.RemoveAll(spool); err != nil {
		return err
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	token := hex.EncodeToString(raw)
	tokenFile := filepath.Join(outDir, "watch.token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		return err
	}
	auth, err := watch.NewAuthenticator(token)
	if err != nil {
		return err
	}
	rcv, err := watch.Open(watch.Config{Dir: spool, Auth: auth, CheckpointEvery: 200 * time.Millisecond,
		FixDates: map[string]time.Time{auth0sim.ClientLegacyHS256: time.Now().Add(-time.Hour).UTC().Truncate(time.Second)}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		rcv.Close()
		return err
	}
	srvHTTP := &http.Server{Handler: rcv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srvHTTP.Serve(ln) }()
	runCtx, stopRun := context.WithCancel(context.Background())
	runDone := make(chan error, 1)
	go func() { runDone <- rcv.Run(runCtx) }()
	defer func() {
		srvHTTP.Close()
		stopRun()
		<-runDone
		rcv.Close()
	}()
	url := "http://" + ln.Addr().String()
	printErr(ios, fmt.Sprintf("Receiver (auth0audit watch) at %s, spool %s", url, spool))

	sim, err := auth0sim.Start(auth0sim.Config{Seed: auth0sim.MidMigrationSeed(), LogStream: &auth0sim.LogStream{
		URL: url + "/", Authorization: "Bearer " + token, ContentFormat: auth0sim.FormatJSONLines, BatchSize: 5,
	}})
	if err != nil {
		return fmt.Errorf("demo: starting the simulated tenant: %w", err)
	}
	defer sim.Close()
	printErr(ios, fmt.Sprintf("Simulated tenant at %s, streaming its logs to the receiver (Custom Webhook, JSON lines)", sim.URL()))
	steps, err := demo.Traffic(ctx, sim)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := writeTrafficSteps(ios, steps); err != nil {
		return err
	}
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := sim.WaitLogStream(waitCtx); err != nil {
		return fmt.Errorf("demo: the log stream did not drain: %w", err)
	}
	if err := rcv.WaitIdle(waitCtx); err != nil {
		return fmt.Errorf("demo: the receiver did not catch up: %w", err)
	}
	// Auth0 delivers at least once: send the last batch again, as a retry would.
	logs := sim.Logs()
	var redelivery bytes.Buffer
	for _, ev := range logs[max(0, len(logs)-5):] {
		fmt.Fprintf(&redelivery, `{"log_id":%q,"data":%s}`+"\n", logIDOf(ev), ev)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", &redelivery)
	req.Header.Set("Authorization", "Bearer "+token)
	rcv.Handler().ServeHTTP(rec, req)
	if err := rcv.WaitIdle(waitCtx); err != nil {
		return err
	}

	h := sim.LogStreamHealth()
	c := rcv.Counts()
	out, layout := ios.Out, layoutOf(ios)
	// Prose is one line per sentence, wrapped to the terminal (left whole when piped).
	say := func(format string, a ...any) {
		fmt.Fprintln(out, wrapForTerminal(fmt.Sprintf(format, a...), layout.Width))
	}
	say("Log stream: %d events in %d deliveries, %d failed; the last 5 sent again, as a retry would.",
		h.DeliveredEvents, h.DeliveredBatches, len(h.Failures))
	say("Receiver: %d distinct events classified, %d redelivered ones deduplicated, %d relevant.\n",
		c.Classified, c.Deduplicated, c.Relevant)
	groups := rcv.Groups()
	if err := report.WriteGroups(out, layout, groups); err != nil {
		return err
	}
	if !layout.Terminal() {
		// On a terminal WriteGroups ends with the advice; piped, the rows stay rows and the
		// advice goes to stderr, as in logs.
		if err := report.WriteAdvice(ios.ErrOut, errLayoutOf(ios), groups); err != nil {
			return err
		}
	}
	same := reflect.DeepEqual(groups, scanSimLogs(ctx, logs))
	say("\nSame findings as `auth0audit logs` over the tenant's %d events: %v", len(logs), yesNo(same))

	fmt.Fprintln(out, "\nFrom its /metrics:")
	mrec := httptest.NewRecorder()
	rcv.Handler().ServeHTTP(mrec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if err := writeMetrics(out, layout, mrec.Body); err != nil {
		return err
	}
	res, err := rcv.Result()
	if err != nil {
		return err
	}
	html := filepath.Join(outDir, "watch-report.html")
	f, err := os.Create(html)
	if err != nil {
		return err
	}
	if err := errors.Join(audit.WriteHTML(f, res), f.Close()); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe receiver's /report (the audit's HTML page of what it classified):\n  %s\n", html)
	fmt.Fprintf(out, "Run one for a tenant (see auth0audit watch --help):\n  auth0audit watch --listen :8443 --tls-cert cert.pem --tls-key key.pem \\\n    --auth-token-file watch.token --spool spool\n")
	if !same {
		return errors.New("demo: the receiver's findings differ from auth0audit logs over the same events")
	}
	return nil
}

// writeMetrics shows the receiver's metrics the demo is about (events, findings, affected
// calls, stale-secret use) as a table of series and values that fits the terminal: labels go
// on lines of their own when the series is too wide. Piped, each row is the series exactly as
// /metrics has it, a tab, and the value.
func writeMetrics(w io.Writer, l report.Layout, metrics io.Reader) error {
	t := report.NewTable(report.Column{Header: "Series", Fit: report.Wrap, Min: 30}, report.Column{Header: "Value"})
	sc := bufio.NewScanner(metrics)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "auth0audit_watch_events_"),
			strings.HasPrefix(line, "auth0audit_findings_total") && !strings.HasSuffix(line, " 0"),
			strings.HasPrefix(line, "auth0audit_watch_affected_calls_total"),
			strings.HasPrefix(line, "auth0audit_watch_secret_stale_use_total"):
		default:
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		series, value := line[:i], line[i+1:]
		if l.Terminal() {
			// A space after each label's comma lets the table wrap between labels.
			series = strings.ReplaceAll(series, "\",", "\", ")
		}
		t.AddRow(series, value)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return t.Render(w, l)
}

func logIDOf(ev []byte) string {
	const key = `"log_id":"`
	i := bytes.Index(ev, []byte(key))
	if i < 0 {
		return ""
	}
	rest := ev[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

func scanSimLogs(ctx context.Context, logs []json.RawMessage) []report.Group {
	var nd bytes.Buffer
	for _, ev := range logs {
		nd.Write(ev)
		nd.WriteByte('\n')
	}
	sum := report.NewSummarizer()
	sc := logscan.New(logscan.Options{}, func(f usecase.Finding) error { sum.Add(f); return nil })
	_ = sc.Scan(ctx, "tenant logs", &nd)
	_, _ = sc.Finish()
	return sum.Groups()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}
