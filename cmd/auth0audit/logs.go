package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

type logsOptions struct {
	ios *iostreams.IOStreams

	format   string
	jsonOut  bool
	since    string
	until    string
	client   string
	useCases []string
	failOn   string
	strict   bool

	// conn carries --tenant, --client-id, --client-secret-file and the hidden --insecure-http,
	// shared with the other tenant commands.
	conn       tenantconn.Flags
	saveRaw    string
	checkpoint string
	from       string
	restart    bool
}

func newLogsCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &logsOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "logs [FILE|DIR|-]... | --tenant DOMAIN",
		Short: "Classify a tenant's logs against the use-case table",
		Long: `Read Auth0 tenant logs and report every event that the account-linking and client-secret
changes concern, per use case and client.

Inputs: files, directories (their *.json, *.ndjson, *.jsonl, *.log, *.csv files, gzipped or
not), or - for stdin. Each file may be a JSON array as GET /api/v2/logs returns it (with or
without include_totals), NDJSON, log-stream batches ({"log_id","data"} as JSONLINES, JSONARRAY
or JSONOBJECT), EventBridge events, a Splunk export (JSON or CSV, the event in _raw), or gzip
of any of these; the shape is detected per file and per record.
With --tenant the logs are fetched live (client credentials with read:logs, from
AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET or --client-id and --client-secret-file); a checkpoint
file lets an interrupted fetch resume.

Output: a table by default, on a terminal or not (as gh does for tables; ask for --json or
--format for machines). ndjson and csv have one record per classified event, streamed in no
particular order; json has the summary, the groups and the sorted findings. Lines that are
not events are counted as malformed and listed by file and line, never by content (by default
only lines that may be relevant are fully validated; --strict validates all).

Exit status: 0, or 1 on an error (including an input that could not be read to its end: the
report covers what was read), or 2 when --fail-on found findings of that status.`,
		Example: `  auth0audit logs testdata/logs
  auth0audit logs export.json.gz --since 2026-10-01 --use-case link-idtoken-bearer,unlink-idtoken-bearer
  zcat stream/*.gz | auth0audit logs - --format ndjson
  AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... auth0audit logs --tenant acme.eu.auth0.com --save-raw acme-logs.ndjson
  auth0audit logs logs.ndjson --fail-on affected   # CI gate: exit 2 on affected or action findings`,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context(), args) },
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "table", "output format: table, json, ndjson, csv or markdown")
	f.BoolVar(&o.jsonOut, "json", false, "shorthand for --format json")
	f.StringVar(&o.since, "since", "", "only findings at or after this time (RFC 3339 or YYYY-MM-DD)")
	f.StringVar(&o.until, "until", "", "only findings at or before this time (RFC 3339, or YYYY-MM-DD for the whole day)")
	f.StringVar(&o.client, "client", "", "only findings of this client (id or name)")
	f.StringSliceVar(&o.useCases, "use-case", nil, "only these use cases (comma-separated IDs)")
	f.StringVar(&o.failOn, "fail-on", "none", "exit 2 on findings that need attention: affected (affected or action; \"action\" is the same), review (those or review), none")
	f.BoolVar(&o.strict, "strict", false, "validate every line as JSON, not only relevant ones (slower)")
	o.conn.Register(f)
	f.StringVar(&o.saveRaw, "save-raw", "", "with --tenant: keep the fetched events in this NDJSON file (created 0600)")
	f.StringVar(&o.checkpoint, "checkpoint", "", "with --tenant: checkpoint file (default in the user cache directory)")
	f.StringVar(&o.from, "from", "", "with --tenant and no checkpoint: start after this log_id (default: the oldest event)")
	f.BoolVar(&o.restart, "restart", false, "with --tenant: ignore the checkpoint and fetch from --from")
	return cmd
}

func (o *logsOptions) run(ctx context.Context, args []string) error {
	if o.jsonOut {
		o.format = string(report.JSON)
	}
	format, err := report.ParseFormat(o.format, logscan.Formats...)
	if err != nil {
		return err
	}
	gate, err := report.ParseGate(o.failOn)
	if err != nil {
		return err
	}
	var flt logscan.Filter
	if flt.Since, err = logscan.ParseTimeBound("--since", o.since, false); err != nil {
		return err
	}
	if flt.Until, err = logscan.ParseTimeBound("--until", o.until, true); err != nil {
		return err
	}
	if flt.UseCases, err = logscan.ParseUseCases("--use-case", o.useCases); err != nil {
		return err
	}
	flt.Client = o.client
	if len(args) == 0 && o.conn.Domain == "" {
		return errors.New("no input: give log files or directories, - for stdin, or --tenant DOMAIN")
	}
	if o.conn.Domain == "" && (o.saveRaw != "" || o.checkpoint != "" || o.from != "" || o.restart) {
		return errors.New("--save-raw, --checkpoint, --from and --restart need --tenant")
	}
	inputs, err := logscan.ExpandInputs(args)
	if err != nil {
		return err
	}
	if o.conn.Domain != "" {
		// Check the credentials before reading anything, so a missing secret fails fast.
		if _, err := o.conn.Resolve(); err != nil {
			return fmt.Errorf("--tenant needs client credentials with read:logs: %w", err)
		}
	}

	// Buffered: NDJSON and CSV write a record per finding, and a write per record costs a
	// system call.
	out := bufio.NewWriterSize(o.ios.Out, 64<<10)
	defer out.Flush()
	rep, err := logscan.NewReporter(format, out)
	if err != nil {
		return err
	}
	defer rep.Close() // the JSON report's spill file, on the paths that return before Finish
	opts := logscan.Options{Strict: o.strict}
	if o.ios.IsStderrTTY() && o.conn.Domain == "" { // a fetch shows its own progress
		opts.Progress = logsProgress(o.ios.ErrOut)
	}
	sc := logscan.New(opts, func(f usecase.Finding) error {
		if !flt.Match(f) {
			return nil
		}
		return rep.Add(f)
	})
	defer sc.Close()

	var inputErrs []error
	for _, name := range inputs {
		if err := sc.ScanPath(ctx, name, o.ios.In); err != nil {
			fmt.Fprintln(o.ios.ErrOut, "auth0audit logs:", err)
			inputErrs = append(inputErrs, err)
		}
	}
	if o.conn.Domain != "" {
		if err := o.scanTenant(ctx, sc); err != nil {
			inputErrs = append(inputErrs, err)
			if ctx.Err() != nil {
				return fmt.Errorf("fetch interrupted; run the same command again to resume: %w", err)
			}
			fmt.Fprintln(o.ios.ErrOut, "auth0audit logs:", err)
		}
	}
	if opts.Progress != nil {
		fmt.Fprint(o.ios.ErrOut, "\r\033[K") // clear the progress line
	}
	st, err := sc.Finish()
	if err != nil {
		return err
	}
	if err := rep.Finish(st); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if format != report.Table && format != report.Markdown && (st.Malformed > 0 || len(inputErrs) > 0) {
		// Machine formats carry the counts; say it on stderr too, where a person sees it.
		fmt.Fprint(o.ios.ErrOut, logscan.InputSummary(st, rep.Reported(), "  "))
	}
	if len(inputErrs) > 0 {
		return fmt.Errorf("%d input(s) could not be read completely; the report covers what was read", len(inputErrs))
	}
	for _, g := range rep.Groups() {
		if gate.Trips(g.Status) {
			return findingsExit(fmt.Sprintf("--fail-on %s: findings with status %s (%s)", o.failOn, g.Status, g.UseCase))
		}
	}
	return nil
}

// scanInput scans one file, or stdin for "-".
// scanTenant fetches the tenant's logs live and scans them as they arrive.
func (o *logsOptions) scanTenant(ctx context.Context, sc *logscan.Scanner) error {
	api, _, err := o.conn.Connect(ctx, fetch.ClientOptions(0)...)
	if err != nil {
		return err
	}
	fetcher := &fetch.Fetcher{API: api, CheckpointFile: o.checkpoint, From: o.from}
	if fetcher.CheckpointFile == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no --checkpoint and no user cache directory: %w", err)
		}
		fetcher.CheckpointFile = filepath.Join(dir, "auth0audit", "logs-"+logsSafeName(o.conn.Domain)+".checkpoint")
	}
	if o.restart {
		if err := os.Remove(fetcher.CheckpointFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	resume, err := fetcher.Resuming()
	if err != nil {
		return err
	}

	var raw *os.File
	if o.saveRaw != "" {
		flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
		if resume != "" {
			// Resuming: the events fetched before are in the file; scan them again so the
			// report covers the whole fetch, then append.
			if err := sc.ScanPath(ctx, o.saveRaw, o.ios.In); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
		}
		if raw, err = os.OpenFile(o.saveRaw, flags, 0o600); err != nil {
			return err
		}
		defer raw.Close()
	} else if resume != "" {
		fmt.Fprintf(o.ios.ErrOut, "Resuming after log_id %s (%s); events fetched before are not in this report (use --save-raw to keep them, or --restart).\n",
			resume, fetcher.CheckpointFile)
	}
	if o.ios.IsStderrTTY() {
		fetcher.Progress = func(n int, last string) {
			fmt.Fprintf(o.ios.ErrOut, "\rFetched %d events from %s (last log_id %s)", n, o.conn.Domain, last)
		}
	}

	pr, pw := io.Pipe()
	var w io.Writer = pw
	if raw != nil {
		w = io.MultiWriter(raw, pw)
	}
	fetchErr := make(chan error, 1)
	go func() {
		_, err := fetcher.Fetch(ctx, w)
		pw.CloseWithError(err)
		fetchErr <- err
	}()
	scanErr := sc.Scan(ctx, "tenant "+o.conn.Domain, pr)
	pr.CloseWithError(errors.New("scan stopped")) // unblock the fetcher if the scan ended early
	err = <-fetchErr
	if fetcher.Progress != nil {
		fmt.Fprintln(o.ios.ErrOut)
	}
	switch {
	case err != nil && (scanErr == nil || ctx.Err() != nil):
		return fmt.Errorf("fetching logs of %s: %w", o.conn.Domain, err)
	case scanErr != nil:
		return scanErr // the fetch only stopped because the scan did
	}
	return nil
}

// logsProgress returns a progress reporter for stderr on a terminal, redrawing one line at
// most every 200ms.
func logsProgress(w io.Writer) func(name string, bytes, events int64) {
	var last time.Time
	return func(name string, bytes, events int64) {
		if now := time.Now(); now.Sub(last) >= 200*time.Millisecond {
			last = now
			fmt.Fprintf(w, "\r\033[KScanning %s: %d MiB, %d events", name, bytes>>20, events)
		}
	}
}

func logsSafeName(domain string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, domain)
}
