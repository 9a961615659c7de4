package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/auth0/go-auth0/management"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/report"
)

// exitNeedsAttention is the exit status of a fix run in which a step ended needs-attention.
const exitNeedsAttention = cliexit.NeedsAttention

// tenantDomain is the tenant every fix command works on: --tenant, else AUTH0_DOMAIN, never a
// plan's. It must be a bare host name (a port only for the loopback simulator).
func (o *fixOptions) tenantDomain() (string, error) {
	d, source := o.conn.Domain, "--tenant"
	if d == "" {
		d, source = os.Getenv("AUTH0_DOMAIN"), "AUTH0_DOMAIN"
	}
	if d == "" {
		return "", cliexit.Usagef("no tenant: give --tenant DOMAIN or set AUTH0_DOMAIN (e.g. example.eu.auth0.com); a plan's tenant is never used on its own")
	}
	if err := tenantconn.ValidateDomain(d, o.conn.InsecureHTTP); err != nil {
		return "", cliexit.AsUsage(fmt.Errorf("%s %w", source, err))
	}
	if o.conn.InsecureHTTP && !tenantconn.IsLoopback(d) {
		return "", cliexit.Usagef("--insecure-http is only allowed for a loopback tenant simulator, not %q", tenantconn.ShownDomain(d))
	}
	d = strings.ToLower(d)
	o.conn.Domain = d
	return d, nil
}

// exitFor turns a run's report into the exit status: 4 when a step needs attention, 2 when
// steps wait for confirmation (declined, staged), 0 when every step is done.
func (o *fixOptions) exitFor(rep *remediate.Report) error {
	if rep.NeedsAttention > 0 {
		return &exitError{code: exitNeedsAttention, msg: fmt.Sprintf("auth0audit: %d step(s) need attention: see each step's detail and next command above; journal %s",
			rep.NeedsAttention, o.journalPath)}
	}
	if rep.Pending > 0 {
		return findingsExit(fmt.Sprintf("%d step(s) not done (not confirmed, or staged): rerun with --yes in a script, answer the prompts on a "+
			"terminal, or --confirm-staged once the apps hold the staged secrets", rep.Pending))
	}
	return nil
}

// applyPlan carries out p with a journaled engine and writes the run's report, also when the
// run stopped early: the report says which steps were done.
func (o *fixOptions) applyPlan(ctx context.Context, p *remediate.Plan, needsSink bool) (*remediate.Report, error) {
	e, done, err := o.engine(ctx, p.Digest(), needsSink)
	if err != nil {
		return nil, err
	}
	defer done()
	rep, err := e.Apply(ctx, p)
	if rep != nil {
		if werr := o.writeReport(rep, err); werr != nil {
			return rep, werr
		}
	}
	return rep, err
}

// transport is a rate-limit-aware transport over the session's (connect and header timeouts,
// one-line network errors, the redacted --debug trace), reporting waits on stderr. The
// Management API and /oauth/token get one each (separate limits).
func (o *fixOptions) transport() *ratelimit.Transport {
	s, err := o.conn.Session(sessionOf(o.ios))
	if err != nil {
		s = sessionOf(o.ios) // a bad --tenant-timeout is reported by conn.Open
	}
	return &ratelimit.Transport{
		Base:           s.Transport(),
		MaxWait:        o.maxWait,
		AttemptTimeout: 30 * time.Second,
		OnWait: func(d time.Duration, why string) {
			printErr(o.ios, fmt.Sprintf("auth0audit: %s; waiting %s", why, d.Round(time.Millisecond)))
		},
	}
}

func (o *fixOptions) tenantConfig() (remediate.Tenant, error) {
	d, err := o.tenantDomain()
	if err != nil {
		return remediate.Tenant{}, err
	}
	// No whole-request Timeout: it would cut the rate-limit waits the tenant asks for. Every
	// attempt is bounded by the transport instead.
	return remediate.Tenant{Domain: d, Insecure: o.conn.InsecureHTTP, HTTP: &http.Client{Transport: o.transport()},
		ProbeHTTP: &http.Client{Transport: o.transport()}, UserAgent: ownreads.UserAgent()}, nil
}

// connect exchanges the tool's credentials for a token once (a refused credential fails here,
// exit status 4, before any step) and returns a Management API client that sends it through t's
// rate-limit transport, with go-auth0's retries off.
func (o *fixOptions) connect(ctx context.Context, t remediate.Tenant) (*management.Management, string, error) {
	conn, err := o.conn.Open(ctx, sessionOf(o.ios), management.WithClient(t.HTTP), management.WithNoRetries())
	if err != nil {
		return nil, "", err
	}
	return conn.API, conn.Creds.ClientID, nil
}

// lockDir is where the per-client locks live: --lock-dir, $AUTH0AUDIT_LOCK_DIR, else the
// user's cache directory. Every run on this machine must use the same one to exclude the others.
func (o *fixOptions) lockDirectory() (string, error) {
	if o.lockDir != "" {
		return o.lockDir, nil
	}
	if d := os.Getenv("AUTH0AUDIT_LOCK_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no directory for the per-client locks (%v): set AUTH0AUDIT_LOCK_DIR", err)
	}
	return filepath.Join(d, "auth0audit", "locks"), nil
}

// newEngine builds the engine settings every fix command shares.
func (o *fixOptions) newEngine(t remediate.Tenant) (*remediate.Engine, error) {
	dir, err := o.lockDirectory()
	if err != nil {
		return nil, err
	}
	return &remediate.Engine{Tenant: t, Progress: o.progress, Settle: o.settle, MarkerWait: o.markerWait, LockDir: dir,
		StartOver: o.startOver, ConfirmStaged: o.confirmStaged, AllowSelf: o.allowSelf, NextCommand: o.nextCommand}, nil
}

// engineMaybe builds an engine; the tool's credentials are required only when needCreds (a
// user token can link or unlink on its own; the tool's credentials, when present, are used to
// read the user back after a lost answer).
func (o *fixOptions) engineMaybe(ctx context.Context, needCreds bool) (*remediate.Engine, func(), error) {
	t, err := o.tenantConfig()
	if err != nil {
		return nil, nil, err
	}
	e, err := o.newEngine(t)
	if err != nil {
		return nil, nil, err
	}
	done := func() {}
	api, id, err := o.connect(ctx, t)
	switch {
	case err == nil:
		e.API, e.SelfClientID = api, id
	case needCreds || !errors.As(err, new(*tenantconn.AuthError)):
		return nil, nil, err
	}
	if o.journalPath != "" {
		j, err := journal.Open(o.journalPath, t.Domain, "")
		if err != nil {
			return nil, nil, err
		}
		e.Journal, done = j, func() { j.Close() }
	}
	return e, done, nil
}

func (o *fixOptions) parseSink() (sink.Sink, error) {
	if o.json && o.secretSink == "stdout" {
		// Secrets in the middle of a JSON document break whatever parses it, and end up
		// wherever the report is kept.
		return nil, cliexit.Usagef("--secret-sink stdout and --json both write to standard output: choose --secret-sink file:PATH, file:DIR/ or env:PATH, or drop --json")
	}
	// A secret pasted where the sink's path was wanted is refused without echoing it, before
	// it becomes a file name or part of sink.Parse's error.
	if kind, path, ok := strings.Cut(o.secretSink, ":"); !ok && tenantconn.LooksLikeCredential(o.secretSink) {
		return nil, cliexit.Usagef("--secret-sink: the value looks like a secret or token itself, so it is not shown: give file:PATH, file:DIR/, env:PATH or stdout")
	} else if ok && (kind == "file" || kind == "env") {
		if err := tenantconn.CheckNewCredentialPath("--secret-sink "+kind+":", path); err != nil {
			return nil, cliexit.AsUsage(err)
		}
	}
	sk, err := sink.ParseWith(o.secretSink, o.revealSecrets, o.ios.Out, extraSinks())
	return sk, cliexit.AsUsage(err)
}

// engine builds an engine with credentials, a journal for planDigest, a sink and the
// confirmation policy.
func (o *fixOptions) engine(ctx context.Context, planDigest string, needsSink bool) (*remediate.Engine, func(), error) {
	t, err := o.tenantConfig()
	if err != nil {
		return nil, nil, err
	}
	var sk sink.Sink
	if needsSink || o.secretSink != "" {
		if sk, err = o.parseSink(); err != nil {
			return nil, nil, err
		}
	}
	api, id, err := o.connect(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	e, err := o.newEngine(t)
	if err != nil {
		return nil, nil, err
	}
	j, err := journal.Open(o.journalPath, t.Domain, planDigest)
	if err != nil {
		return nil, nil, err
	}
	e.API, e.SelfClientID, e.Journal, e.Sink, e.Parallel = api, id, j, sk, o.parallel
	if o.allowSelf {
		printErr(o.ios, fmt.Sprintf("auth0audit: warning: --i-know-this-is-my-own-client: changing the secret of %s also cuts off this tool's credentials", id))
	}
	switch {
	case o.yes:
		e.Confirm = func(string) (bool, error) { return true, nil }
	case o.ios.CanPrompt():
		e.Confirm = o.ios.Confirm
		e.Parallel = 1 // one question at a time
	default:
		e.Confirm = func(string) (bool, error) { return false, iostreams.ErrNoPrompt }
	}
	return e, func() { j.Close() }, nil
}

func (o *fixOptions) confirm(q string) error {
	if o.yes {
		return nil
	}
	ok, err := o.ios.Confirm(q)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("not confirmed; nothing was changed")
	}
	return nil
}

// progress goes to stderr when it is a terminal (scripts get the report on stdout).
func (o *fixOptions) progress(format string, args ...any) {
	if o.ios.IsStderrTTY() {
		printErr(o.ios, fmt.Sprintf(format, args...))
	}
}

func (o *fixOptions) writeReport(rep *remediate.Report, runErr error) error {
	if o.json {
		enc := json.NewEncoder(o.ios.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return report.WriteRunReport(o.ios.Out, layoutOf(o.ios), rep, runErr)
}

func (o *fixOptions) finishDirect(out remediate.Outcome, err error) error {
	if o.json {
		enc := json.NewEncoder(o.ios.Out)
		enc.SetIndent("", "  ")
		if werr := enc.Encode(out); werr != nil {
			return werr
		}
	} else if err == nil {
		fmt.Fprintf(o.ios.Out, "%s: %s %s\n", out.Step, out.Result, out.Detail)
	}
	return err
}

// nextCommandOf renders the command a step left needs-attention tells the operator to run:
// this very command, with the flags that were given (the tenant always spelt out), plus extra.
func nextCommandOf(c *cobra.Command, o *fixOptions) func(extra ...string) string {
	return func(extra ...string) string {
		args := []string{"auth0audit", "fix", c.Name()}
		if !c.Flags().Changed("tenant") && o.conn.Domain != "" {
			args = append(args, "--tenant", o.conn.Domain)
		}
		c.Flags().Visit(func(f *pflag.Flag) {
			switch f.Name {
			case "confirm-staged", "start-over":
				return // added by extra where they apply
			}
			if f.Value.Type() == "bool" {
				if f.Value.String() == "true" {
					args = append(args, "--"+f.Name)
				}
				return
			}
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				for _, v := range sv.GetSlice() {
					args = append(args, "--"+f.Name, v)
				}
				return
			}
			args = append(args, "--"+f.Name, f.Value.String())
		})
		args = append(args, extra...)
		for i, a := range args {
			args[i] = shellQuote(a)
		}
		return strings.Join(args, " ")
	}
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@%+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
