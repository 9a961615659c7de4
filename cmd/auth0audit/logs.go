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

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
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
	resume     bool
	from       string
	restart    bool

	// sql: --emit-sql, --source, --source-column, --summary and --engine (logs_sql.go).
	sql logsSQL
}

// logsScopes are what `logs --tenant` needs.
var logsScopes = []string{"read:logs"}

func newLogsCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &logsOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "logs [FILE|DIR|-]... | --tenant DOMAIN",
		Short: "Classify a tenant's logs against the use-case table",
		Long: `Read Auth0 tenant logs and report every event that the account-linking and
client-secret changes concern, per use case and client.

Inputs: files, directories (their *.json, *.ndjson, *.jsonl, *.log, *.csv files,
gzipped or not), or - for stdin. Each file may be a JSON array as
GET /api/v2/logs returns it (with or without include_totals), NDJSON,
log-stream batches ({"log_id","data"} as JSONLINES, JSONARRAY or JSONOBJECT),
EventBridge events, a Splunk export (JSON or CSV, the event in _raw), or gzip of
any of these; the shape is detected per file and per record.

Live: --tenant DOMAIN (or $AUTH0_DOMAIN when no file is given) fetches the
tenant's logs, the whole retention window on every run. Scope: read:logs.
Credentials: $AUTH0_CLIENT_ID and $AUTH0_CLIENT_SECRET (or --client-id and
--client-secret-file), or a token in $AUTH0_API_TOKEN or --token-file.
Resuming is explicit: --resume continues after the last event the previous run
fetched (a checkpoint in the user cache directory), --checkpoint FILE names
the checkpoint; with --save-raw the events fetched before are scanned again, so
the report still covers the whole window.

Output: on a terminal, a table that fits its width (--wide: in full); piped,
tab-separated rows (advice and the input summary go to stderr); --json or
--format for machines. ndjson and csv have one record per classified event;
json has the summary, the groups and the sorted findings. Lines that are not
events are counted as malformed and listed by file and line, never by content
(by default only lines that may be relevant are fully validated; --strict
validates all).

Exit status: 0, or 1 on an error (including an input that could not be read to
its end: the report covers what was read), 2 when --fail-on found findings of
that status, 4 when the tenant refused the credentials, 64 on usage errors,
130/143 when interrupted (after writing the partial report).`,
		Example: `  auth0audit logs testdata/logs
  auth0audit logs export.json.gz --since 2026-10-01 \
      --use-case link-idtoken-bearer,unlink-idtoken-bearer
  zcat stream/*.gz | auth0audit logs - --format ndjson
  AUTH0_DOMAIN=acme.eu.auth0.com auth0audit logs --save-raw acme-logs.ndjson
  auth0audit logs --tenant acme.eu.auth0.com --fail-on affected   # CI gate
  auth0audit logs --tenant acme.eu.auth0.com --resume --save-raw raw.ndjson`,
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
	f.BoolVar(&o.resume, "resume", false, "with --tenant: continue after the last event the previous run fetched")
	f.StringVar(&o.checkpoint, "checkpoint", "", "with --tenant: resume from and save progress to this file (default: the user cache directory, read only with --resume)")
	f.StringVar(&o.from, "from", "", "with --tenant and nothing to resume: start after this log_id (default: the oldest event)")
	f.BoolVar(&o.restart, "restart", false, "with --tenant: fetch from --from, not from the checkpoint (the default)")
	_ = f.MarkDeprecated("restart", "every run fetches the whole retention window unless --resume or --checkpoint is given")
	o.sql.register(f)
	return cmd
}

func (o *logsOptions) run(ctx context.Context, args []string) error {
	if err := o.sql.validate(args, o.conn.Domain); err != nil {
		return cliexit.AsUsage(err)
	}
	if o.sql.emitting() {
		return o.sql.print(o.ios.Out)
	}
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
		return cliexit.AsUsage(err)
	}
	if flt.Until, err = logscan.ParseTimeBound("--until", o.until, true); err != nil {
		return cliexit.AsUsage(err)
	}
	if flt.UseCases, err = logscan.ParseUseCases("--use-case", o.useCases); err != nil {
		return cliexit.AsUsage(err)
	}
	flt.Client = o.client
	if len(args) == 0 {
		o.conn.UseEnvDomain()
	}
	if len(args) == 0 && o.conn.Domain == "" {
		return cliexit.Usagef("no input: give log files or directories, - for stdin, or --tenant DOMAIN (or set $%s)", tenantconn.EnvDomain)
	}
	if o.conn.Domain == "" && (o.saveRaw != "" || o.checkpoint != "" || o.from != "" || o.resume) {
		return cliexit.Usagef("--save-raw, --checkpoint, --resume and --from need --tenant")
	}
	inputs, err := logscan.ExpandInputs(args)
	if err != nil {
		return err
	}
	if err := o.sql.engineReads(o.conn.Domain); err != nil {
		return cliexit.AsUsage(err)
	}
	var conn *tenantconn.Conn
	if o.conn.Domain != "" {
		// Connect before reading anything: a missing or refused credential, or a tenant that
		// cannot be reached, fails in seconds, not after the files are scanned.
		if conn, err = o.conn.Open(ctx, sessionOf(o.ios), fetch.ClientOptions(0)...); err != nil {
			return err
		}
		if missing := conn.MissingScopes(logsScopes...); len(missing) > 0 {
			return &tenantconn.AuthError{Msg: fmt.Sprintf("%s was not granted %s, which reading the logs needs: grant it under Applications > APIs > Auth0 Management API > Machine to Machine Applications",
				conn.Creds.Source, strings.Join(missing, " "))}
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
	rep.Layout = layoutOf(o.ios)
	defer rep.Close() // the JSON report's spill file, on the paths that return before Finish
	opts := logscan.Options{Strict: o.strict}
	progress := newDelayedProgress(o.ios, 2*time.Second)
	if conn == nil {
		opts.Progress = progress.scan
	}
	// The tool's own reads of client secrets (a tenant or audit run by the same client) are
	// not findings about the tenant: left out and counted, as audit does.
	// Own reads are those of the tool's client with its User-Agent (ownreads): another
	// program's reads through a shared client are kept.
	selfID, selfExcluded, own := "", 0, &ownreads.Tap{}
	if conn != nil {
		selfID = conn.Creds.ClientID
		own.Clients = []string{selfID}
	}
	sc, err := o.sql.newScanner(ctx, opts, func(f usecase.Finding) error {
		if !flt.Match(f) {
			return nil
		}
		if f.UseCase == usecase.SecretRead && own.Own(f.LogID) {
			selfExcluded++
			return nil
		}
		return rep.Add(f)
	})
	if err != nil {
		return err
	}
	defer sc.Close()

	var inputErrs []error
	stdin := interruptible(ctx, o.ios.In)
	for _, name := range inputs {
		if interrupted(ctx) {
			break
		}
		scanCtx := ctx
		if name == "-" {
			// Interrupted, stdin ends (interruptible) and what was read is still classified.
			scanCtx = context.WithoutCancel(ctx)
		}
		if err := sc.ScanPath(scanCtx, name, stdin); err != nil && !interrupted(ctx) {
			printErr(o.ios, "auth0audit logs: "+err.Error())
			inputErrs = append(inputErrs, err)
		}
	}
	if conn != nil && !interrupted(ctx) {
		// --engine duckdb refuses --tenant: a tenant is read by the Go scanner.
		if err := o.scanTenant(ctx, conn, sc.(*logscan.Scanner), progress, own, rep.NotWhole); err != nil && !interrupted(ctx) {
			rep.NotWhole("the tenant's logs were not fetched to the end: " + cliexit.Message(err))
			inputErrs = append(inputErrs, err)
			printErr(o.ios, "auth0audit logs: "+cliexit.Message(err))
		}
	}
	progress.clear()
	if interrupted(ctx) {
		rep.NotWhole("interrupted before every input was read")
	}
	if o.since != "" || o.until != "" || len(o.useCases) > 0 || o.client != "" {
		rep.NotWhole("filtered by --since, --until, --use-case or --client")
	}
	// Interrupted or not, the report covers what was read: a partial report is written, and
	// says so.
	st, err := sc.Finish()
	if err != nil && !interrupted(ctx) {
		return err
	}
	rep.OwnReadsLeftOut = selfExcluded
	if err := rep.Finish(st); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if !rep.Layout.Terminal() && format == report.Table {
		// Piped rows: what to do and what was read go to stderr, where a person sees them.
		if err := report.WriteAdvice(o.ios.ErrOut, errLayoutOf(o.ios), rep.Groups()); err != nil {
			return err
		}
		fmt.Fprint(o.ios.ErrOut, report.WrapLines(logscan.InputSummaryLeftOut(st, rep.Reported(), selfExcluded, "  "), o.ios.ErrWidth()))
	} else if format != report.Table && format != report.Markdown && (st.Malformed > 0 || len(inputErrs) > 0) {
		// Machine formats carry the counts; say it on stderr too, where a person sees it.
		fmt.Fprint(o.ios.ErrOut, report.WrapLines(logscan.InputSummaryLeftOut(st, rep.Reported(), selfExcluded, "  "), o.ios.ErrWidth()))
	}
	if selfExcluded > 0 {
		printErr(o.ios, fmt.Sprintf("auth0audit logs: left out %d secret-read event(s) of this tool's own client %s (its own reads of the tenant, told by its User-Agent; other programs' reads through that client are reported).", selfExcluded, selfID))
	}
	if interrupted(ctx) {
		hint := ""
		if conn != nil {
			hint = "; run it again with --resume (and --save-raw) to continue the fetch"
		}
		return fmt.Errorf("interrupted: the report covers the %d event(s) read before%s: %w", st.EventsRead, hint, ctx.Err())
	}
	if len(inputErrs) > 0 {
		// The causes stay attached: a token the API refused (401, 403) exits as an
		// authentication failure.
		return cliexit.WithCauses(fmt.Sprintf("%d input(s) could not be read completely; the report covers what was read", len(inputErrs)), inputErrs...)
	}
	for _, g := range rep.Groups() {
		if gate.Trips(g.Status) {
			return findingsExit(fmt.Sprintf("--fail-on %s: findings with status %s (%s)", o.failOn, g.Status, g.UseCase))
		}
	}
	return nil
}

// interruptible lets an interruption end a read of a pipe or terminal that would otherwise
// wait for more input forever: the scan then sees the end of its input, classifies what it
// read, and the partial report is written. A regular file (stdin redirected from one) is returned as it is, so the scanner
// can still read it in regions.
func interruptible(ctx context.Context, in io.Reader) io.Reader {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return in
		}
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, in)
		pw.CloseWithError(err)
	}()
	go func() {
		<-ctx.Done()
		pw.Close()
	}()
	return pr
}

// checkpointFile is where this tenant's fetch progress is kept: --checkpoint, or a file in
// the user cache directory named after the tenant.
func (o *logsOptions) checkpointFile() (string, error) {
	if o.checkpoint != "" {
		return o.checkpoint, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		if o.resume {
			return "", fmt.Errorf("--resume: no user cache directory (%w); name a checkpoint with --checkpoint FILE", err)
		}
		return "", nil // nothing to resume from later; the fetch itself needs none
	}
	return filepath.Join(dir, "auth0audit", "logs-"+logsSafeName(o.conn.Domain)+".checkpoint"), nil
}

// scanTenant fetches the tenant's logs live and scans them as they arrive.
// notWhole is told when the fetch covers less than the tenant's retention window.
func (o *logsOptions) scanTenant(ctx context.Context, conn *tenantconn.Conn, sc *logscan.Scanner, progress *delayedProgress, own *ownreads.Tap, notWhole func(string)) error {
	cp, err := o.checkpointFile()
	if err != nil {
		return err
	}
	// --checkpoint names a file to resume from; the default checkpoint is only read with
	// --resume. Either way progress is saved, so an interrupted run can be resumed.
	fetcher := &fetch.Fetcher{API: conn.API, CheckpointFile: cp, From: o.from, Resume: (o.resume || o.checkpoint != "") && !o.restart}
	resume, err := fetcher.Resuming()
	if err != nil {
		return err
	}
	if resume == "" && o.from != "" {
		notWhole("--from " + o.from + ": the events before it are not in this report")
	}
	if o.resume && resume == "" {
		printErr(o.ios, fmt.Sprintf("auth0audit logs: nothing to resume from (%s); fetching the whole retention window.", cp))
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
		notWhole("resumed after log_id " + resume + " without --save-raw: the events fetched before are not in this report")
		printErr(o.ios, fmt.Sprintf("auth0audit logs: resuming after log_id %s (%s); events fetched before are not in this report (add --save-raw to keep them).",
			resume, cp))
	}
	fetcher.Progress = func(n int, last string) {
		progress.show(fmt.Sprintf("Fetched %d events from %s (last log_id %s)", n, o.conn.Domain, last))
	}

	pr, pw := io.Pipe()
	own.W = pw
	var w io.Writer = own
	if raw != nil {
		w = io.MultiWriter(raw, own)
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
	switch {
	case err != nil && (scanErr == nil || ctx.Err() != nil):
		return fmt.Errorf("fetching logs of %s: %w", o.conn.Domain, err)
	case scanErr != nil:
		return scanErr // the fetch only stopped because the scan did
	}
	return nil
}

// delayedProgress redraws one progress line on stderr, on a terminal only, and only once the
// work has taken a few seconds: a quick scan prints nothing but its report.
type delayedProgress struct {
	ios   *iostreams.IOStreams
	start time.Time
	after time.Duration
	last  time.Time
	drawn bool
}

func newDelayedProgress(ios *iostreams.IOStreams, after time.Duration) *delayedProgress {
	return &delayedProgress{ios: ios, start: time.Now(), after: after}
}

func (p *delayedProgress) show(msg string) {
	if !p.ios.IsStderrTTY() {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < p.after || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	// One screen line: a wrapped line would leave its first pieces on the screen, since
	// "\r\033[K" erases only the line the cursor is on.
	if w := p.ios.ErrWidth(); w > 1 && runewidth.StringWidth(msg) >= w {
		msg = runewidth.Truncate(msg, w-1, "…")
	}
	fmt.Fprintf(p.ios.ErrOut, "\r\033[K%s", msg)
}

func (p *delayedProgress) scan(name string, bytes, events int64) {
	p.show(fmt.Sprintf("Scanning %s: %d MiB, %d events", name, bytes>>20, events))
}

// clear removes the progress line, if one was drawn.
func (p *delayedProgress) clear() {
	if p.drawn {
		fmt.Fprint(p.ios.ErrOut, "\r\033[K")
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
