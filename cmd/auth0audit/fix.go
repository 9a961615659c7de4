package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/linkcheck"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/tenantcheck"
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
	startOver     bool
	settle        time.Duration
	markerWait    time.Duration
	maxWait       time.Duration
	parallel      int
	lockDir       string
	// nextCommand renders the command that continues this run (set when a command starts).
	nextCommand func(extra ...string) string
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
  fix rotate   rotate a client secret (rotate-secret, never sent twice blindly), then verify it
  fix set-secret  generate, stage, confirm, set and verify a new client secret
  fix verify   check that a sink holds what the tenant holds and /oauth/token accepts it

The tenant comes only from --tenant or $AUTH0_DOMAIN (a bare host name),
never from a plan; plans and journals are bound to it. Credentials come from
--client-id or AUTH0_CLIENT_ID, and AUTH0_CLIENT_SECRET or --client-secret-file,
or a Management API token in --token-file or AUTH0_API_TOKEN; they are
exchanged once, before any step, and a refusal stops the run (exit 4).
Scopes: update:users and read:users (link, unlink); update:client_keys,
read:client_keys and update:clients (rotate, set-secret: the secret, its
read-back, the in-progress marker). Tokens are read from files, never flags.

A secret step ends "done" only when verified: the tenant (read back) and the
sink hold the same secret and /oauth/token accepts it, checked again after
--settle. Anything else ends in the state needs-attention, with the exact next
command, and exit status 5.

New secrets go only to --secret-sink, in stages (pending, current, previous):
file:PATH (PATH, PATH.pending, PATH.previous: one client), file:DIR/
(DIR/CLIENT_ID.secret, .pending, .previous), env:PATH
(AUTH0_CLIENT_SECRET_<ID>, _PENDING, _PREVIOUS; the file must be 0600) or
stdout with --reveal-secrets (not with --json). A sink holding a value that is
neither the tenant's current secret nor one the journal recorded is never
overwritten.

One run per client at a time: a lock beside the journal, one per client under
--lock-dir, and a marker in the client's client_metadata (auth0audit_run).`,
	}
	pf := cmd.PersistentFlags()
	o.conn.Register(pf)
	pf.BoolVar(&o.json, "json", false, "print JSON")
	pf.BoolVarP(&o.yes, "yes", "y", false, "confirm every change without asking (scripts)")
	pf.StringVar(&o.journalPath, "journal", "", "journal file: every step is recorded, an interrupted run resumes from it")
	pf.StringVar(&o.secretSink, "secret-sink", "", "where new secrets go: file:PATH, file:DIR/, env:PATH, aws-sm:SECRET_ID[#key], vault:MOUNT/PATH[#key], k8s:NAMESPACE/SECRET[#key], exec:COMMAND, or stdout (with --reveal-secrets)")
	pf.BoolVar(&o.revealSecrets, "reveal-secrets", false, "allow printing secrets (only for --secret-sink stdout)")
	pf.BoolVar(&o.allowSelf, "i-know-this-is-my-own-client", false, "allow changing the secret of the client this tool authenticates with")
	pf.BoolVar(&o.confirmStaged, "confirm-staged", false, "confirm that the apps already hold the secrets this journal staged as fallback (set-secret)")
	pf.BoolVar(&o.startOver, "start-over", false, "begin anew a step that stopped because someone else changed the secret")
	pf.DurationVar(&o.settle, "settle", 10*time.Second, "how long verification waits before checking a new secret again (catches requests that land late)")
	pf.DurationVar(&o.markerWait, "marker-wait", 2*time.Second, "how long a run waits after writing the tenant-side in-progress marker before reading it back")
	pf.DurationVar(&o.maxWait, "max-wait", 10*time.Minute, "the longest rate-limit wait to honour; a longer Retry-After stops the run with a clear message")
	pf.IntVar(&o.parallel, "parallel", 16, "steps of a plan run at once (each on its own client; the rate limit holds whatever the number); 1 when prompting")
	pf.StringVar(&o.lockDir, "lock-dir", "", "where the per-client locks of this machine live (default $AUTH0AUDIT_LOCK_DIR, else the user cache directory)")
	// The tenant (--tenant, else $AUTH0_DOMAIN: plans are bound to it) is read by tenantDomain,
	// which also says which of the two a bad value came from.
	cmd.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if o.journalPath == "-" {
			// "-" would become a file named "-": a journal is appended to, fsync'd and read
			// back on resume, so it cannot be a stream.
			return cliexit.Usagef("--journal -: a journal must be a file (it is read back to resume), not standard input or output")
		}
		o.nextCommand = nextCommandOf(c, o)
		return nil
	}
	cmd.AddCommand(newFixPlanCmd(o), newFixApplyCmd(o), newFixLinkCmd(o), newFixUnlinkCmd(o), newFixRotateCmd(o), newFixSetSecretCmd(o),
		newFixVerifyCmd(o))
	return cmd
}

// ---- plan ----

func newFixPlanCmd(o *fixOptions) *cobra.Command {
	var fromLogs, fromCode, clients, links, unlinks []string
	var setSecret, fromTenant bool
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Build a remediation plan from findings (changes nothing)",
		Example: `  export AUTH0_DOMAIN=example.eu.auth0.com
  auth0audit logs --format json tenant-logs.json > findings.json
  auth0audit fix plan --from-logs findings.json --json > plan.json
  auth0audit fix plan --from-tenant --from-logs findings.json
  auth0audit fix plan --clients abc123 --users 'auth0|primary=google-oauth2|123'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var findings []usecase.Finding
			// The logs count as audited (enable_idtoken_api2 may go off) only when a logs report
			// was given and every logs report covers its inputs whole.
			gotLogs, notWhole := false, []string(nil)
			for _, f := range fromLogs {
				lf, err := remediate.ReadLogFindingsFile(f)
				if err != nil {
					return err
				}
				findings = append(findings, lf.Findings...)
				gotLogs = gotLogs || lf.IsLogs
				notWhole = append(notWhole, lf.NotWhole...)
			}
			for _, f := range fromCode {
				fs, err := remediate.ReadFindingsFile(f)
				if err != nil {
					return err
				}
				findings = append(findings, fs...)
			}
			domain, err := o.tenantDomain()
			if err != nil {
				return err
			}
			var incomplete error
			if fromTenant {
				fs, err := o.tenantFindings(cmd.Context(), findings)
				if fs == nil && err != nil {
					return err
				}
				findings, incomplete = append(findings, fs...), err
			}
			if len(notWhole) > 0 && slices.ContainsFunc(findings, func(f usecase.Finding) bool { return f.UseCase == usecase.TenantIDTokenAPI2Enabled }) {
				printErr(o.ios, "auth0audit fix plan: the logs given do not cover every event, so enable_idtoken_api2 stays on: "+strings.Join(notWhole, "; "))
			}
			opt := remediate.PlanOptions{Tenant: domain, SetSecret: setSecret, Clients: clients, LogsAudited: gotLogs && len(notWhole) == 0}
			if opt.Links, err = parsePairs("--users", links); err != nil {
				return err
			}
			if opt.Unlinks, err = parsePairs("--unlink", unlinks); err != nil {
				return err
			}
			if len(findings) == 0 && len(clients)+len(links)+len(unlinks) == 0 && !fromTenant {
				return cliexit.Usagef("nothing to plan from: give --from-logs, --from-code, --clients, --users or --unlink")
			}
			p, err := remediate.BuildPlan(findings, opt)
			if err != nil {
				return err
			}
			if o.json {
				err = remediate.WritePlan(o.ios.Out, p)
			} else {
				err = report.WritePlan(o.ios.Out, layoutOf(o.ios), p)
			}
			if err != nil {
				return err
			}
			// After the plan: it covers the checks that ran; a missing scope exits 4.
			return incomplete
		},
	}
	f := cmd.Flags()
	f.BoolVar(&fromTenant, "from-tenant", false, "read the tenant's configuration (as auth0audit tenant does) and plan its fixes")
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
			return nil, cliexit.Usagef("%s %q: want PRIMARY=PROVIDER|ID", flag, v)
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
				return cliexit.Usagef("--plan is required (write one with `auth0audit fix plan --json > plan.json`)")
			}
			if o.journalPath == "" {
				return cliexit.Usagef("--journal is required: it records every step so an interrupted run can resume")
			}
			p, err := remediate.ReadPlanFile(planPath)
			if err != nil {
				return err
			}
			domain, err := o.tenantDomain()
			if err != nil {
				return err
			}
			switch {
			case p.Tenant == "":
				return fmt.Errorf("plan %s names no tenant, so nothing says it was made for %s: rebuild it with `auth0audit fix plan --tenant %s ...`",
					planPath, domain, domain)
			case !strings.EqualFold(p.Tenant, domain):
				return fmt.Errorf("plan %s is for tenant %s, not %s: its steps name clients and users of %s; nothing was changed",
					planPath, p.Tenant, domain, p.Tenant)
			}
			needsSink := false
			for _, s := range p.Steps {
				needsSink = needsSink || s.Op == remediate.OpRotate || s.Op == remediate.OpSetSecret
			}
			rep, err := o.applyPlan(cmd.Context(), p, needsSink)
			if err != nil {
				return err
			}
			return o.exitFor(rep)
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
				return cliexit.Usagef("--user is required (the primary user id)")
			}
			if r.SecondaryUserID == "" && r.LinkWith == "" {
				return cliexit.Usagef("no secondary account: give --secondary PROVIDER|ID (server-side) or --link-with-file (the secondary's ID token)")
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
				return cliexit.Usagef("--user and --secondary are required")
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
// and `apply` share confirmation, journaling, verification and resume.
func (o *fixOptions) runSecretOp(ctx context.Context, s remediate.Step) error {
	if s.ClientID == "" {
		return cliexit.Usagef("--client is required")
	}
	if o.journalPath == "" {
		return cliexit.Usagef("--journal is required: the secret change is recorded before the call so a lost answer can be resolved")
	}
	domain, err := o.tenantDomain()
	if err != nil {
		return err
	}
	p := &remediate.Plan{Format: remediate.PlanFormat, Version: 1, Tenant: domain, Steps: []remediate.Step{s}}
	rep, err := o.applyPlan(ctx, p, true)
	if err != nil {
		return err
	}
	return o.exitFor(rep)
}

func newFixVerifyCmd(o *fixOptions) *cobra.Command {
	var clientID string
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check that the sink holds the tenant's secret and /oauth/token accepts it (changes nothing)",
		Long: `verify reads the client's secret back from the tenant (read:client_keys), compares it with the
current stage of --secret-sink, and asks /oauth/token whether it authenticates; then it does it all
again after --settle. Exit status 0 when both checks pass, 5 when the sink and
the tenant disagree or the secret is refused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clientID == "" {
				return cliexit.Usagef("--client is required")
			}
			e, done, err := o.engineMaybe(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer done()
			if e.Sink, err = o.parseSink(); err != nil {
				return err
			}
			out, err := e.Verify(cmd.Context(), clientID)
			if werr := o.writeReport(&remediate.Report{Tenant: e.Tenant.Domain, Journal: o.journalPath, Outcomes: []remediate.Outcome{out},
				Done: b2i(out.Result == "done"), NeedsAttention: b2i(out.Result == "needs-attention")}, nil); werr != nil {
				return werr
			}
			if errors.Is(err, remediate.ErrNeedsAttention) {
				return &exitError{code: exitNeedsAttention, msg: "auth0audit: " + err.Error()}
			}
			return err
		},
	}
	cmd.Flags().StringVar(&clientID, "client", "", "client id")
	return cmd
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
		if b, err = io.ReadAll(io.LimitReader(stdin, 64<<10)); err != nil {
			return "", fmt.Errorf("%s: %w", flag, err)
		}
	} else if b, err = tenantconn.ReadCredentialFile(flag, path); err != nil {
		// The error never shows a token given where its file was wanted.
		return "", err
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("%s %s: empty", flag, path)
	}
	return tok, nil
}

// tenantFindings runs the tenant checks for fix plan --from-tenant. Clients that the other
// findings show linking client-side are checked as linking clients too, as audit does. When
// some checks could not run (a missing scope), the findings of the others come back with the
// error (it keeps the API's 403s: exit 4).
func (o *fixOptions) tenantFindings(ctx context.Context, others []usecase.Finding) ([]usecase.Finding, error) {
	t, err := o.tenantConfig()
	if err != nil {
		return nil, err
	}
	api, _, err := o.connect(ctx, t)
	if err != nil {
		return nil, err
	}
	var linking []string
	for _, f := range others {
		if audit.ClientSideLink(f.UseCase) && f.ClientID != "" && !slices.Contains(linking, f.ClientID) {
			linking = append(linking, f.ClientID)
		}
	}
	fs, err := tenantcheck.Run(ctx, api, tenantcheck.Options{LinkingClients: linking})
	if fs == nil {
		fs = []usecase.Finding{}
	}
	return fs, err
}
