package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/linkcheck"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// fixOptions are the flags shared by the fix subcommands.
type fixOptions struct {
	ios *iostreams.IOStreams
	// conn carries --tenant, --client-id, --client-secret-file and the hidden --insecure-http,
	// shared with the other tenant commands.
	conn          tenantconn.Flags
	json          bool
	yes           bool
	journalPath   string
	secretSink    string
	revealSecrets bool
	allowSelf     bool
	confirmStaged bool
}

func newFixCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &fixOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "fix",
		Short: "Plan and perform compliant links, unlinks and client secret rotations",
		Long: `fix turns findings into a plan and carries it out through the Management API, safely:

  fix plan     build a plan from findings or explicit lists (changes nothing)
  fix apply    carry out a plan, journaled, resumable, asking before each change
  fix link     link an account (server-side, or with a user's access token and link_with)
  fix unlink   unlink an account (access token only)
  fix rotate   rotate a client secret (rotate-secret, never retried blindly)
  fix set-secret  generate, stage, confirm, set and probe a new client secret

Tenant: --tenant or $AUTH0_DOMAIN. Credentials come from --client-id or
AUTH0_CLIENT_ID, and AUTH0_CLIENT_SECRET or --client-secret-file.
Scopes: update:users and read:users (link, unlink), update:client_keys and
read:client_keys (rotate, set-secret). New secrets go only to --secret-sink: file:PATH (created 0600, one
client; a file that already holds a secret the journal does not know is refused), file:DIR/
(DIR/CLIENT_ID.secret), env:PATH (KEY=value lines, 0600) or stdout with --reveal-secrets (not
with --json). Tokens are read from files, never from flags.`,
	}
	// A tenant named only by $AUTH0_DOMAIN is the tenant (plans are bound to it).
	cmd.PersistentPreRun = func(*cobra.Command, []string) { o.conn.UseEnvDomain() }
	pf := cmd.PersistentFlags()
	o.conn.Register(pf)
	pf.BoolVar(&o.json, "json", false, "print JSON")
	pf.BoolVarP(&o.yes, "yes", "y", false, "confirm every change without asking (scripts)")
	pf.StringVar(&o.journalPath, "journal", "", "journal file: every step is recorded, an interrupted run resumes from it")
	pf.StringVar(&o.secretSink, "secret-sink", "", "where new secrets go: file:PATH, env:PATH or stdout (with --reveal-secrets)")
	pf.BoolVar(&o.revealSecrets, "reveal-secrets", false, "allow printing secrets (only for --secret-sink stdout)")
	pf.BoolVar(&o.allowSelf, "i-know-this-is-my-own-client", false, "allow changing the secret of the client this tool authenticates with")
	pf.BoolVar(&o.confirmStaged, "confirm-staged", false, "confirm that the apps already hold the staged secrets as fallback (set-secret)")
	cmd.AddCommand(newFixPlanCmd(o), newFixApplyCmd(o), newFixLinkCmd(o), newFixUnlinkCmd(o), newFixRotateCmd(o), newFixSetSecretCmd(o))
	return cmd
}

// ---- plan ----

func newFixPlanCmd(o *fixOptions) *cobra.Command {
	var fromLogs, fromCode, clients, links, unlinks []string
	var setSecret bool
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Build a remediation plan from findings (changes nothing)",
		Example: `  auth0audit logs --format json tenant-logs.json > findings.json
  auth0audit fix plan --from-logs findings.json --json > plan.json
  auth0audit fix plan --clients abc123 --users 'auth0|primary=google-oauth2|123'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var findings []usecase.Finding
			for _, group := range [][]string{fromLogs, fromCode} {
				for _, f := range group {
					fs, err := remediate.ReadFindingsFile(f)
					if err != nil {
						return err
					}
					findings = append(findings, fs...)
				}
			}
			opt := remediate.PlanOptions{Tenant: o.conn.Domain, SetSecret: setSecret, Clients: clients, LogsAudited: len(fromLogs) > 0}
			var err error
			if opt.Links, err = parsePairs("--users", links); err != nil {
				return err
			}
			if opt.Unlinks, err = parsePairs("--unlink", unlinks); err != nil {
				return err
			}
			if len(findings) == 0 && len(clients)+len(links)+len(unlinks) == 0 {
				return errors.New("nothing to plan from: give --from-logs, --from-code, --clients, --users or --unlink")
			}
			p, err := remediate.BuildPlan(findings, opt)
			if err != nil {
				return err
			}
			if o.json {
				return remediate.WritePlan(o.ios.Out, p)
			}
			return report.WritePlan(o.ios.Out, layoutOf(o.ios), p)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&fromLogs, "from-logs", nil, "findings FILE written by auth0audit logs --format json")
	f.StringSliceVar(&fromCode, "from-code", nil, "findings FILE written by auth0audit code --format json")
	f.StringSliceVar(&clients, "clients", nil, "client ids whose secret must change")
	f.StringSliceVar(&links, "users", nil, "links to make server-side, as PRIMARY=PROVIDER|ID")
	f.StringSliceVar(&unlinks, "unlink", nil, "identities to unlink, as PRIMARY=PROVIDER|ID")
	f.BoolVar(&setSecret, "set-secret", false, "plan custom secrets (generate, stage, confirm, set, probe) instead of rotate-secret")
	return cmd
}

func parsePairs(flag string, vals []string) ([][2]string, error) {
	var out [][2]string
	for _, v := range vals {
		a, b, ok := strings.Cut(v, "=")
		if !ok || a == "" || b == "" {
			return nil, fmt.Errorf("%s %q: want PRIMARY=PROVIDER|ID", flag, v)
		}
		out = append(out, [2]string{a, b})
	}
	return out, nil
}

// ---- apply ----

func newFixApplyCmd(o *fixOptions) *cobra.Command {
	var planPath string
	cmd := &cobra.Command{
		Use:   "apply",
		Short: "Carry out a plan: journaled, resumable, confirming each change",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if planPath == "" {
				return errors.New("--plan is required (write one with `auth0audit fix plan --json > plan.json`)")
			}
			if o.journalPath == "" {
				return errors.New("--journal is required: it records every step so an interrupted run can resume")
			}
			p, err := remediate.ReadPlanFile(planPath)
			if err != nil {
				return err
			}
			if p.Tenant != "" && o.conn.Domain != "" && p.Tenant != o.conn.Domain {
				return fmt.Errorf("plan %s is for tenant %s, not %s", planPath, p.Tenant, o.conn.Domain)
			}
			if o.conn.Domain == "" {
				o.conn.Domain = p.Tenant
			}
			needsSink := false
			for _, s := range p.Steps {
				needsSink = needsSink || s.Op == remediate.OpRotate || s.Op == remediate.OpSetSecret
			}
			rep, err := o.applyPlan(cmd.Context(), p, needsSink)
			if err != nil {
				return err
			}
			if rep.Failed > 0 {
				return fmt.Errorf("%d step(s) failed; see the report and the journal %s", rep.Failed, o.journalPath)
			}
			if rep.Pending > 0 {
				return findingsExit(fmt.Sprintf("%d step(s) not done (not confirmed or staged): rerun with --yes on a script, "+
					"answer the prompts on a terminal, or --confirm-staged for staged secrets", rep.Pending))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&planPath, "plan", "", "plan FILE written by auth0audit fix plan --json")
	return cmd
}

// ---- direct operations ----

func newFixLinkCmd(o *fixOptions) *cobra.Command {
	var r remediate.LinkRequest
	var tokenFile, linkWithFile string
	cmd := &cobra.Command{
		Use:   "link",
		Short: "Link a secondary account into a primary user, checked locally first",
		Long: `Server-side (the tool's credentials, update:users): --user PRIMARY --secondary PROVIDER|ID
[--connection-id ID], or --link-with-file. Client-side (a user's access token with
update:current_user_identities in --access-token-file): --link-with-file only, and PRIMARY must be
the token's sub. link_with is verified locally (RS256, tenant JWKS, iss, exp, aud == azp), and an
ID token is never sent as the bearer.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if r.Bearer, err = readTokenFile("--access-token-file", tokenFile, o.ios.In); err != nil {
				return err
			}
			if r.LinkWith, err = readTokenFile("--link-with-file", linkWithFile, o.ios.In); err != nil {
				return err
			}
			if r.PrimaryID == "" {
				return errors.New("--user is required (the primary user id)")
			}
			if r.SecondaryUserID == "" && r.LinkWith == "" {
				return errors.New("no secondary account: give --secondary PROVIDER|ID (server-side) or --link-with-file (the secondary's ID token)")
			}
			e, done, err := o.engineMaybe(cmd.Context(), r.Bearer == "")
			if err != nil {
				return err
			}
			defer done()
			if _, _, err := e.CheckLink(cmd.Context(), r); err != nil {
				return err
			}
			secondary := r.SecondaryUserID
			if r.LinkWith != "" {
				c, _ := linkcheck.Decode(r.LinkWith) // verified by CheckLink above
				secondary = c.Subject
			}
			stepID := "link:" + r.PrimaryID + ":" + secondary
			if err := o.confirm(fmt.Sprintf("Link into user %s?", r.PrimaryID)); err != nil {
				return err
			}
			out, err := e.Link(cmd.Context(), stepID, r)
			return o.finishDirect(out, err)
		},
	}
	f := cmd.Flags()
	f.StringVar(&r.PrimaryID, "user", "", "primary user id")
	f.StringVar(&r.SecondaryUserID, "secondary", "", "secondary account as PROVIDER|ID (server-side only)")
	f.StringVar(&r.ConnectionID, "connection-id", "", "connection of the secondary account (server-side only)")
	f.StringVar(&tokenFile, "access-token-file", "", "file holding a user's access token ('-' for stdin); default: the tool's credentials")
	f.StringVar(&linkWithFile, "link-with-file", "", "file holding the secondary account's ID token ('-' for stdin)")
	return cmd
}

func newFixUnlinkCmd(o *fixOptions) *cobra.Command {
	var r remediate.UnlinkRequest
	var tokenFile string
	cmd := &cobra.Command{
		Use:   "unlink",
		Short: "Unlink a secondary identity from a primary user (access token only)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if r.Bearer, err = readTokenFile("--access-token-file", tokenFile, o.ios.In); err != nil {
				return err
			}
			if r.PrimaryID == "" || r.SecondaryUserID == "" {
				return errors.New("--user and --secondary are required")
			}
			e, done, err := o.engineMaybe(cmd.Context(), r.Bearer == "")
			if err != nil {
				return err
			}
			defer done()
			if err := o.confirm(fmt.Sprintf("Unlink %s from user %s?", r.SecondaryUserID, r.PrimaryID)); err != nil {
				return err
			}
			out, err := e.Unlink(cmd.Context(), "unlink:"+r.PrimaryID+":"+r.SecondaryUserID, r)
			return o.finishDirect(out, err)
		},
	}
	f := cmd.Flags()
	f.StringVar(&r.PrimaryID, "user", "", "primary user id")
	f.StringVar(&r.SecondaryUserID, "secondary", "", "identity to unlink, PROVIDER|ID (or the bare id with --provider)")
	f.StringVar(&r.Provider, "provider", "", "provider of the identity, when --secondary is the bare id")
	f.StringVar(&tokenFile, "access-token-file", "", "file holding an access token ('-' for stdin); default: the tool's credentials")
	return cmd
}

func newFixRotateCmd(o *fixOptions) *cobra.Command {
	var clientID string
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Rotate a client secret with rotate-secret (journaled, never retried blindly)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runSecretOp(cmd.Context(), remediate.Step{ID: "rotate:" + clientID, Op: remediate.OpRotate, ClientID: clientID})
		},
	}
	cmd.Flags().StringVar(&clientID, "client", "", "client id")
	return cmd
}

func newFixSetSecretCmd(o *fixOptions) *cobra.Command {
	var clientID string
	cmd := &cobra.Command{
		Use:   "set-secret",
		Short: "Generate, stage, confirm, set and probe a new client secret",
		Long: `set-secret generates a 64-character secret (crypto/rand), stages it in --secret-sink and the
journal, and waits until you confirm the client's apps hold it as their fallback secret (a prompt
on a terminal, --yes, or a later run with --confirm-staged). It then sets it with PATCH
client_secret and probes /oauth/token with it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.runSecretOp(cmd.Context(), remediate.Step{ID: "set-secret:" + clientID, Op: remediate.OpSetSecret, ClientID: clientID})
		},
	}
	cmd.Flags().StringVar(&clientID, "client", "", "client id")
	return cmd
}

// runSecretOp runs one rotate or set-secret step as a one-step plan, so the direct command
// and `apply` share confirmation, journaling and resume.
func (o *fixOptions) runSecretOp(ctx context.Context, s remediate.Step) error {
	if s.ClientID == "" {
		return errors.New("--client is required")
	}
	if o.journalPath == "" {
		return errors.New("--journal is required: the secret change is recorded before the call so a lost answer can be resolved")
	}
	p := &remediate.Plan{Format: remediate.PlanFormat, Version: 1, Tenant: o.conn.Domain, Steps: []remediate.Step{s}}
	rep, err := o.applyPlan(ctx, p, true)
	if err != nil {
		return err
	}
	if rep.Failed > 0 {
		return fmt.Errorf("%s failed; see the journal %s", s.ID, o.journalPath)
	}
	if rep.Pending > 0 {
		return findingsExit(fmt.Sprintf("%s is pending: %s", s.ID, rep.Outcomes[0].Detail))
	}
	return nil
}

// ---- shared plumbing ----

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

// transport builds the rate-limit-aware HTTP client, reporting waits on stderr.
func (o *fixOptions) httpClient() *http.Client {
	t := &ratelimit.Transport{
		// Timeouts, one-line network errors and the --debug trace (redacted).
		Base: sessionOf(o.ios).Transport(),
		OnWait: func(d time.Duration, why string) {
			fmt.Fprintf(o.ios.ErrOut, "auth0audit: %s; waiting %s\n", why, d.Round(time.Millisecond))
		},
	}
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}

func (o *fixOptions) tenantConfig() (remediate.Tenant, error) {
	d := o.conn.Domain
	if d == "" {
		return remediate.Tenant{}, errors.New("--tenant is required (the tenant domain, e.g. example.eu.auth0.com)")
	}
	if o.conn.InsecureHTTP && !tenantconn.IsLoopback(d) {
		return remediate.Tenant{}, fmt.Errorf("--insecure-http is only allowed for a loopback tenant simulator, not %q", d)
	}
	return remediate.Tenant{Domain: d, Insecure: o.conn.InsecureHTTP, HTTP: o.httpClient()}, nil
}

// credentials returns the tool's client id and secret (flags, then the environment).
func (o *fixOptions) credentials() (string, string, error) {
	c, err := o.conn.Resolve()
	if err != nil {
		return "", "", err
	}
	return c.ClientID, c.Secret(), nil
}

// engineMaybe builds an engine; the tool's credentials are required only when needCreds (a
// user token can link or unlink on its own; the tool's credentials, when present, are used to
// read the user back after a lost answer).
func (o *fixOptions) engineMaybe(ctx context.Context, needCreds bool) (*remediate.Engine, func(), error) {
	t, err := o.tenantConfig()
	if err != nil {
		return nil, nil, err
	}
	e := &remediate.Engine{Tenant: t, Progress: o.progress}
	done := func() {}
	if o.journalPath != "" {
		j, err := journal.Open(o.journalPath, t.Domain, "")
		if err != nil {
			return nil, nil, err
		}
		e.Journal, done = j, func() { j.Close() }
	}
	id, secret, err := o.credentials()
	if err != nil {
		if needCreds {
			done()
			return nil, nil, err
		}
		return e, done, nil
	}
	if e.API, err = t.WithClientCredentials(ctx, id, secret); err != nil {
		done()
		return nil, nil, err
	}
	e.SelfClientID = id
	return e, done, nil
}

// engine builds an engine with credentials, a journal for planDigest, a sink and the
// confirmation policy.
func (o *fixOptions) engine(ctx context.Context, planDigest string, needsSink bool) (*remediate.Engine, func(), error) {
	t, err := o.tenantConfig()
	if err != nil {
		return nil, nil, err
	}
	id, secret, err := o.credentials()
	if err != nil {
		return nil, nil, err
	}
	var sk sink.Sink
	if needsSink || o.secretSink != "" {
		if o.json && o.secretSink == "stdout" {
			// Secrets in the middle of a JSON document break whatever parses it, and end up
			// wherever the report is kept.
			return nil, nil, errors.New("--secret-sink stdout and --json both write to standard output: choose --secret-sink file:PATH or env:PATH, or drop --json")
		}
		if sk, err = sink.Parse(o.secretSink, o.revealSecrets, o.ios.Out); err != nil {
			return nil, nil, err
		}
	}
	api, err := t.WithClientCredentials(ctx, id, secret)
	if err != nil {
		return nil, nil, err
	}
	j, err := journal.Open(o.journalPath, t.Domain, planDigest)
	if err != nil {
		return nil, nil, err
	}
	e := &remediate.Engine{Tenant: t, API: api, SelfClientID: id, AllowSelf: o.allowSelf, Journal: j, Sink: sk,
		ConfirmStaged: o.confirmStaged, Progress: o.progress}
	if o.allowSelf {
		fmt.Fprintf(o.ios.ErrOut, "auth0audit: warning: --i-know-this-is-my-own-client: changing the secret of %s also cuts off this tool's credentials\n", id)
	}
	switch {
	case o.yes:
		e.Confirm = func(string) (bool, error) { return true, nil }
	case o.ios.CanPrompt():
		e.Confirm = o.ios.Confirm
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
		fmt.Fprintf(o.ios.ErrOut, format+"\n", args...)
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

// readTokenFile reads a token from a file ("-" = stdin). Tokens never come from flags: flags
// end up in shell history and process listings.
func readTokenFile(flag, path string, stdin io.Reader) (string, error) {
	if path == "" {
		return "", nil
	}
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 64<<10))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("%s %s: empty", flag, path)
	}
	return tok, nil
}
