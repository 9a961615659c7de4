package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
	"github.com/auth0-migrate/auth0audit/watch"
)

type watchOptions struct {
	ios *iostreams.IOStreams

	listen        string
	tokenFile     string
	spool         string
	tlsCert       string
	tlsKey        string
	maxBody       string
	spoolMax      string
	metricClients int
	metricsAuth   bool
	fixDates      []string
	jsonOut       bool
	dedupeWindow  string

	conn        tenantconn.Flags
	gapInterval time.Duration
	gapFrom     string

	// Server timeouts (hidden flags: tests shorten them).
	readHeaderTimeout time.Duration
	readTimeout       time.Duration

	// ready, when set, is told the listening address (tests).
	ready func(addr string)
}

func newWatchCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &watchOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "watch --listen ADDR --auth-token-file FILE --spool DIR",
		Short: "Receive a tenant's log stream and classify events as they arrive",
		Long: `Run a receiver for an Auth0 log stream of type Custom Webhook, and classify
every event it delivers against the use-case table as it arrives, as
"auth0audit logs" does for a file.

Point the stream's Payload URL at https://HOST/ (or /api/logs), set its
Authorization Token to the token in --auth-token-file (or
$AUTH0AUDIT_WATCH_TOKEN; never a flag), Content Type application/json, any
Content Format (JSON Lines, JSON Array or JSON Object).

A delivery is acknowledged (200) only once it is in the spool on disk
(fsync'd); a crash or a restart resumes from the spool, and events are
deduplicated by log_id across redeliveries and restarts. Refusals: 401
without the token (the body is not read), 413 past --max-body, 415 for
another Content-Type, 400 for a body that is not log events (with the line
and the reason), 507 when the spool is full (Auth0 retries a few times, then
records the failure in the stream's Health tab: fill the gap with --tenant).

Served: POST / (and /logs, /api/logs) deliveries; GET /metrics (Prometheus);
GET /healthz; GET /report (the audit's HTML report of what was classified,
behind the token).

With --tenant (client credentials with read:logs) it also reads GET
/api/v2/logs every --gap-fill-interval from a checkpoint, so events the
stream missed (receiver down, stream paused, a delivery given up) are
classified too.`,
		Example: `  umask 077; openssl rand -hex 32 > watch.token
  auth0audit watch --listen :8443 --tls-cert cert.pem --tls-key key.pem \
    --auth-token-file watch.token --spool /var/lib/auth0audit/spool
  auth0audit watch --listen 127.0.0.1:8080 --auth-token-file watch.token \
    --spool spool --fix-date legacy-portal=2026-11-02T09:00:00Z
  AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... auth0audit watch \
    --listen 127.0.0.1:8080 --auth-token-file watch.token --spool spool \
    --tenant acme.eu.auth0.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "", "address to listen on, e.g. :8443 or 127.0.0.1:8080 (required)")
	f.StringVar(&o.tokenFile, "auth-token-file", "", "file holding the stream's Authorization Token (default $"+watch.TokenEnv+")")
	f.StringVar(&o.spool, "spool", "", "spool directory: deliveries, checkpoint and log_id index (required; created 0700)")
	f.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM); without it, plain HTTP for a TLS proxy in front")
	f.StringVar(&o.tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	f.StringVar(&o.maxBody, "max-body", "16MiB", "largest delivery body accepted (after gzip decoding)")
	f.StringVar(&o.spoolMax, "spool-max-bytes", "2GiB", "bound on the spool's disk use; past it deliveries are refused with 507")
	f.IntVar(&o.metricClients, "max-metric-clients", 50, "clients with their own metric label; the others are summed under \"other\"")
	f.BoolVar(&o.metricsAuth, "metrics-auth", false, "require the token on /metrics too (Prometheus: authorization.credentials_file)")
	f.StringArrayVar(&o.fixDates, "fix-date", nil, "CLIENT_ID=DATE: when the client's fix was deployed (RFC 3339 or YYYY-MM-DD), for the alert on affected calls after it (repeatable)")
	f.StringVar(&o.dedupeWindow, "dedupe-window", "35d", "how long a log_id is remembered after its event's date, to recognise redeliveries and gap-fill overlap (Auth0 keeps logs 30 days at most); e.g. 35d or 72h; 0 remembers every log_id for good")
	f.BoolVar(&o.jsonOut, "json", false, "print the listening address as JSON on stdout and log as JSON lines on stderr")
	o.conn.Register(f)
	f.DurationVar(&o.gapInterval, "gap-fill-interval", 5*time.Minute, "with --tenant: how often to read GET /api/v2/logs for events the stream missed")
	f.StringVar(&o.gapFrom, "gap-fill-from", "now", "with --tenant and no gap-fill checkpoint yet: now (the newest event), oldest, or a log_id")
	f.DurationVar(&o.readHeaderTimeout, "read-header-timeout", 10*time.Second, "time a sender has to send a request's headers")
	f.DurationVar(&o.readTimeout, "read-timeout", 60*time.Second, "time a sender has to send a whole request")
	_ = f.MarkHidden("read-header-timeout")
	_ = f.MarkHidden("read-timeout")
	return cmd
}

func (o *watchOptions) run(ctx context.Context) error {
	if o.listen == "" {
		return cliexit.Usagef("--listen is required (e.g. --listen :8443 or --listen 127.0.0.1:8080)")
	}
	if o.spool == "" {
		return cliexit.Usagef("--spool DIR is required: deliveries are written there before they are acknowledged")
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return cliexit.Usagef("--tls-cert and --tls-key go together")
	}
	maxBody, err := parseSize("--max-body", o.maxBody)
	if err != nil {
		return cliexit.AsUsage(err)
	}
	spoolMax, err := parseSize("--spool-max-bytes", o.spoolMax)
	if err != nil {
		return cliexit.AsUsage(err)
	}
	if spoolMax < 4*maxBody {
		return cliexit.Usagef("--spool-max-bytes %s is smaller than four bodies of --max-body %s", o.spoolMax, o.maxBody)
	}
	window, err := parseWindow(o.dedupeWindow)
	if err != nil {
		return cliexit.AsUsage(err)
	}
	fixDates := map[string]time.Time{}
	for _, fd := range o.fixDates {
		client, date, ok := strings.Cut(fd, "=")
		if !ok || client == "" {
			return cliexit.Usagef("--fix-date %q: want CLIENT_ID=DATE", fd)
		}
		t, err := parseFixDate(date)
		if err != nil {
			return cliexit.Usagef("--fix-date %q: %w", fd, err)
		}
		fixDates[client] = t
	}
	if o.conn.Domain == "" && o.gapFrom != "now" {
		return cliexit.Usagef("--gap-fill-from needs --tenant")
	}
	if o.tokenFile != "" {
		// A token given where its file was wanted is refused here, before watch.LoadToken's
		// error would echo it.
		if _, err := tenantconn.ReadCredentialFile("--auth-token-file", o.tokenFile); err != nil {
			return err
		}
	}
	var tlsCert tls.Certificate
	if o.tlsCert != "" {
		// Loaded before listening: a bad pair fails at once, and a key pasted where its file
		// was wanted is never echoed (ServeTLS's error would print it).
		keyPEM, err := tenantconn.ReadCredentialFile("--tls-key", o.tlsKey)
		if err != nil {
			return cliexit.AsUsage(err)
		}
		certPEM, err := os.ReadFile(o.tlsCert)
		if err != nil {
			return cliexit.Usagef("--tls-cert: %w", err)
		}
		if tlsCert, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
			return cliexit.Usagef("--tls-cert %s and --tls-key %s: %w", o.tlsCert, o.tlsKey, err)
		}
	}
	logf := o.logger()
	token, err := watch.LoadToken(o.tokenFile, func(s string) { logf("warning: " + s) })
	if err != nil {
		return err
	}
	auth, err := watch.NewAuthenticator(token)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	var gap *watch.GapFill
	if o.conn.Domain != "" {
		if window > 0 && window < 30*24*time.Hour {
			logf(fmt.Sprintf("warning: --dedupe-window %s is shorter than Auth0's longest log retention (30 days): a gap fill "+
				"can read back events older than it, and those it classified before are counted again", o.dedupeWindow))
		}
		api, _, err := o.conn.Connect(ctx, fetch.ClientOptions(0)...)
		if err != nil {
			return fmt.Errorf("--tenant needs client credentials with read:logs: %w", err)
		}
		gap = &watch.GapFill{API: api, Interval: o.gapInterval, From: o.gapFrom}
	}

	rcv, err := watch.Open(watch.Config{
		Dir: o.spool, Auth: auth, MaxBody: maxBody, SpoolLimit: spoolMax, MaxMetricClients: o.metricClients,
		MetricsAuth: o.metricsAuth, FixDates: fixDates, Tenant: o.conn.Domain, Log: logf, DedupeWindow: window,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		rcv.Close()
		return fmt.Errorf("--listen %s: %w", o.listen, err)
	}
	srv := &http.Server{
		Handler: rcv.Handler(),
		// Slow or stalled senders cannot pin goroutines: a request must send its headers
		// within 10s and its whole body within 60s; idle connections close after 2 minutes.
		ReadHeaderTimeout: o.readHeaderTimeout,
		ReadTimeout:       o.readTimeout,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	scheme := "http"
	if o.tlsCert != "" {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{tlsCert}}
		scheme = "https"
	}
	addr := ln.Addr().String()
	url := scheme + "://" + addr
	if o.jsonOut {
		_ = json.NewEncoder(o.ios.Out).Encode(map[string]string{"url": url, "spool": o.spool})
	}
	c := rcv.Counts()
	logf(fmt.Sprintf("listening on %s (POST / deliveries; GET /metrics, /healthz, /report); spool %s: %d events classified so far", url, o.spool, c.Classified))
	if o.ready != nil {
		o.ready(addr)
	}

	// ctx ends on SIGINT or SIGTERM (main.go): answer the deliveries in flight, then stop.
	runCtx, cancelRun := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var runErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		runErr = rcv.Run(runCtx)
	}()
	if gap != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = rcv.RunGapFill(runCtx, *gap)
		}()
	}
	serveErr := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			serveErr <- srv.ServeTLS(ln, "", "") // the pair loaded above
		} else {
			serveErr <- srv.Serve(ln)
		}
	}()
	var err2 error
	select {
	case <-ctx.Done():
		logf("shutting down: answering the deliveries in flight, then saving a checkpoint")
	case err2 = <-serveErr:
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	cancelRun()
	wg.Wait()
	err = errors.Join(runErr, rcv.Close())
	if err2 != nil && !errors.Is(err2, http.ErrServerClosed) {
		err = errors.Join(fmt.Errorf("serving %s: %w", url, err2), err)
	}
	return err
}

// logger writes the receiver's log lines to stderr, as JSON lines with --json.
func (o *watchOptions) logger() func(string) {
	var mu sync.Mutex
	return func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if o.jsonOut {
			b, _ := json.Marshal(map[string]string{"time": now, "msg": msg})
			fmt.Fprintln(o.ios.ErrOut, string(b))
			return
		}
		fmt.Fprintf(o.ios.ErrOut, "%s auth0audit watch: %s\n", now, msg)
	}
}

// parseSize reads a byte count: 1048576, 512KiB, 16MiB, 2GiB (also KB/MB/GB as powers of 1024).
func parseSize(flag, s string) (int64, error) {
	v := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s %q: want a size such as 16MiB or 1048576", flag, s)
	}
	return n * mult, nil
}

// parseWindow reads --dedupe-window: a number of days (35d) or a Go duration (72h); 0 keeps
// every log_id for good (a negative window for watch.Config).
func parseWindow(s string) (time.Duration, error) {
	v := strings.TrimSpace(s)
	if v == "0" {
		return -1, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 3650 {
			return 0, fmt.Errorf("--dedupe-window %q: want a number of days such as 35d, a duration such as 72h, or 0", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil || d <= 0 {
			return 0, fmt.Errorf("--dedupe-window %q: want a number of days such as 35d, a duration such as 72h, or 0", s)
		}
	}
	if d < time.Hour {
		return 0, fmt.Errorf("--dedupe-window %s: shorter than an hour, Auth0's own retries of a delivery would be counted twice", s)
	}
	return d, nil
}

func parseFixDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errors.New("want RFC 3339 (2026-11-02T09:00:00Z) or a date (2026-11-02)")
	}
	return t, nil
}
