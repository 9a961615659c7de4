package remediate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// The tenant fixes: the API changes that settle the tenant-configuration findings. Both are
// plain PATCHes, safe to resend, yet journaled like every step and done only when the tenant,
// read back, holds the new value.
const (
	// OpDisableIDTokenAPI2 turns the tenant flag enable_idtoken_api2 off, so that the
	// Management API rejects ID tokens as bearers, as Auth0 will for every tenant. It is
	// planned only when the logs audited show no call with an ID token as bearer: turned off
	// earlier, it breaks those apps the day it is applied.
	OpDisableIDTokenAPI2 Op = "disable-idtoken-api2"
	// OpClientRS256 switches a linking client's ID tokens to RS256 (jwt_configuration.alg):
	// link_with accepts only RS256 ID tokens, so its users cannot link until it is done.
	OpClientRS256 Op = "set-id-token-rs256"
)

// idTokenBearerUseCases are the calls that stop working once enable_idtoken_api2 is off, and
// the link and unlink calls whose token kind the evidence cannot tell: they may be sending an
// ID token, and turning the flag off on a guess would break them the day it is applied.
var idTokenBearerUseCases = []usecase.ID{usecase.LinkIDTokenBearer, usecase.UnlinkIDTokenBearer, usecase.Auth0jsIDToken,
	usecase.LinkUndetermined, usecase.UnlinkUndetermined}

func undetermined(id usecase.ID) bool {
	return id == usecase.LinkUndetermined || id == usecase.UnlinkUndetermined
}

// addTenantFixes plans the tenant fixes for the tenant findings among findings. It runs after
// every finding was seen, since whether enable_idtoken_api2 may go off depends on all of them.
func (b *planBuilder) addTenantFixes(findings []usecase.Finding, opt PlanOptions) {
	var flag *usecase.Finding
	var bearers []usecase.Finding
	for i, f := range findings {
		switch {
		case f.UseCase == usecase.TenantIDTokenAPI2Enabled:
			flag = &findings[i]
		case f.UseCase == usecase.ClientIDTokenNotRS256 && f.ClientID != "":
			b.add(Step{ID: string(OpClientRS256) + ":" + f.ClientID, Op: OpClientRS256, ClientID: f.ClientID,
				UseCases: []usecase.ID{f.UseCase}, Reason: rs256Reason(f)}, f.Where())
		case containsID(idTokenBearerUseCases, f.UseCase):
			bearers = append(bearers, f)
		}
	}
	if flag == nil {
		return
	}
	id := []usecase.ID{flag.UseCase}
	switch {
	case len(bearers) > 0:
		s := Step{ID: "review:" + string(flag.UseCase), Op: OpReview, UseCases: id, Reason: flagBlockedReason(bearers)}
		for _, f := range bearers {
			b.add(s, f.Where())
		}
	case !opt.LogsAudited:
		b.add(Step{ID: "review:" + string(flag.UseCase), Op: OpReview, UseCases: id,
			Reason: "enable_idtoken_api2 is on, and no logs were audited whole (none given, or one was cut off, rejected, filtered or interrupted), " +
				"so whether apps still send ID tokens as bearers is unknown: " +
				"audit the logs (auth0audit logs --tenant DOMAIN --format json > findings.json), then plan again with --from-logs findings.json"}, flag.Where())
	default:
		b.add(Step{ID: string(OpDisableIDTokenAPI2), Op: OpDisableIDTokenAPI2, UseCases: id,
			Reason: "enable_idtoken_api2 is on, and the logs audited hold no call with an ID token as bearer: turn it off, " +
				"so that the API rejects such calls now, as Auth0 will"}, flag.Where())
	}
}

func rs256Reason(f usecase.Finding) string {
	who := f.ClientName
	if who == "" {
		who = f.ClientID
	}
	alg := "not RS256"
	if _, after, ok := strings.Cut(f.Detail, "jwt_configuration.alg is "); ok {
		alg, _, _ = strings.Cut(after, ";")
		alg = "signed " + alg
	}
	return fmt.Sprintf("%s links accounts, but its ID tokens are %s, and link_with accepts only RS256 ID tokens: "+
		"switch its jwt_configuration.alg to RS256 (apps that check its ID tokens with the client secret must check "+
		"them against the tenant's JWKS first)", who, alg)
}

// flagBlockedReason says why enable_idtoken_api2 must stay on for now, and what to fix first.
func flagBlockedReason(bearers []usecase.Finding) string {
	calls, sites, unknown := 0, 0, 0
	var last string
	clients := map[string]bool{}
	for _, f := range bearers {
		if f.Source == usecase.FromCode {
			sites++
			continue
		}
		calls++
		if undetermined(f.UseCase) {
			unknown++
		}
		if d := f.Time.UTC().Format("2006-01-02"); !f.Time.IsZero() && d > last {
			last = d
		}
		switch {
		case f.ClientName != "":
			clients[f.ClientName] = true
		case f.ClientID != "":
			clients[f.ClientID] = true
		}
	}
	var seen []string
	if calls > 0 {
		s := fmt.Sprintf("%d call(s) in the logs", calls)
		if last != "" {
			s += ", the last on " + last
		}
		if len(clients) > 0 {
			names := make([]string, 0, len(clients))
			for c := range clients {
				names = append(names, c)
			}
			sort.Strings(names)
			s += ", by " + strings.Join(names, ", ")
		}
		if unknown > 0 {
			s += fmt.Sprintf(" (%d of them of a token kind the logs cannot tell: check which token they send)", unknown)
		}
		seen = append(seen, s)
	}
	if sites > 0 {
		seen = append(seen, fmt.Sprintf("%d place(s) in code", sites))
	}
	return "enable_idtoken_api2 is on; turn it off once no call uses an ID token as bearer. Still seen: " +
		strings.Join(seen, "; ") + ". Fix those first, audit the logs again and plan again"
}

// validateTenantFix checks a tenant-fix step read from a plan file; handled is false for
// other ops.
func validateTenantFix(s Step) (handled bool, err error) {
	switch s.Op {
	case OpDisableIDTokenAPI2:
		return true, nil
	case OpClientRS256:
		if s.ClientID == "" {
			return true, errors.New("set-id-token-rs256 needs client_id")
		}
		return true, nil
	}
	return false, nil
}

// tenantFixQuestion is the confirmation question of a tenant-fix step ("" for other ops).
func tenantFixQuestion(s Step) string {
	switch s.Op {
	case OpDisableIDTokenAPI2:
		return "Turn enable_idtoken_api2 off now? From then on the Management API rejects ID tokens as bearer tokens."
	case OpClientRS256:
		return fmt.Sprintf("Switch the ID tokens of client %s to RS256 now? Apps that check them with the client secret (HS256) fail until they use the tenant's JWKS.", s.ClientID)
	}
	return ""
}

// tenantFixTarget names what a tenant-fix step acts on ("" for other ops).
func tenantFixTarget(s Step) string {
	switch s.Op {
	case OpDisableIDTokenAPI2:
		return "tenant settings (flags.enable_idtoken_api2)"
	case OpClientRS256:
		return "client " + s.ClientID + " (jwt_configuration.alg)"
	}
	return ""
}

// applyTenantFix performs a tenant-fix step: read the current value (already right: done),
// journal the intent, PATCH, then read back. The step is done only when the read-back shows
// the new value; a PATCH whose answer was lost is decided by the read-back too.
func (e *Engine) applyTenantFix(ctx context.Context, s Step) (Outcome, error) {
	out := Outcome{Step: s.ID, Op: s.Op}
	if e.API == nil {
		return out, errors.New("no tool credentials to change the tenant")
	}
	var fix tenantFix
	switch s.Op {
	case OpDisableIDTokenAPI2:
		fix = flagFix{api: e.API}
	case OpClientRS256:
		fix = &rs256Fix{api: e.API, clientID: s.ClientID}
	default:
		return out, fmt.Errorf("step %s: %s is not a tenant fix", s.ID, s.Op)
	}
	done, err := fix.read(ctx)
	if err != nil {
		out.Result, out.Detail = journal.Failed, "could not read the current value: "+err.Error()
		return out, e.finishTenantFix(s, out, errors.New(out.Detail))
	}
	if done {
		out.Result, out.Detail, out.Recovered = journal.Done, fix.describe()+" already (read back); nothing sent", true
		return out, e.finishTenantFix(s, out, nil)
	}
	if err := e.deferredConfirm(ctx); err != nil {
		return out, err
	}
	if err := e.journalIntent(s.ID, string(s.Op)); err != nil {
		return out, err
	}
	callErr := fix.patch(ctx)
	if callErr != nil && !unclear(callErr) {
		out.Result, out.Detail = journal.NotApplied, "refused: "+callErr.Error()
		return out, e.finishTenantFix(s, out, errors.New(out.Detail))
	}
	rctx, cancel := readBackCtx(ctx)
	defer cancel()
	done, err = fix.read(rctx)
	switch {
	case err != nil:
		out.Detail = fmt.Sprintf("sent, but the result could not be read back (%v); run the same command again to decide", err)
		return out, errors.New(out.Detail) // no outcome journaled: the next run reads back first
	case !done:
		out.Result, out.Recovered = journal.NotApplied, true
		out.Detail = "read back: not applied"
		if callErr != nil {
			out.Detail += " (" + callErr.Error() + ")"
		}
		return out, e.finishTenantFix(s, out, errors.New(out.Detail))
	}
	out.Result, out.Detail = journal.Done, fix.describe()+" (read back)"
	if callErr != nil {
		out.Recovered = true
		out.Detail = fix.describe() + " (answer lost: " + callErr.Error() + "; read back)"
	}
	e.progress("%s: %s", s.ID, out.Detail)
	return out, e.finishTenantFix(s, out, nil)
}

// finishTenantFix journals a tenant-fix outcome and returns err.
func (e *Engine) finishTenantFix(s Step, out Outcome, err error) error {
	if e.Journal != nil {
		if jerr := e.Journal.Append(journal.Record{Step: s.ID, Phase: journal.Outcome, Action: string(s.Op),
			Result: out.Result, Recovered: out.Recovered, Detail: out.Detail}); jerr != nil {
			return errors.Join(err, jerr)
		}
	}
	return err
}

// tenantFix reads and changes one value of the tenant.
type tenantFix interface {
	// read reports whether the tenant already holds the new value.
	read(ctx context.Context) (bool, error)
	patch(ctx context.Context) error
	// describe says what the new value is, for the outcome.
	describe() string
}

type flagFix struct{ api *management.Management }

func (f flagFix) read(ctx context.Context) (bool, error) {
	t, err := f.api.Tenant.Read(ctx)
	if err != nil {
		return false, err
	}
	return !t.GetFlags().GetEnableIDTokenAPI2(), nil
}

func (f flagFix) patch(ctx context.Context) error {
	// Only this flag: go-auth0 leaves out the fields not set, so nothing else changes.
	return f.api.Tenant.Update(ctx, &management.Tenant{Flags: &management.TenantFlags{EnableIDTokenAPI2: auth0.Bool(false)}})
}

func (flagFix) describe() string { return "enable_idtoken_api2 is off" }

type rs256Fix struct {
	api      *management.Management
	clientID string
	current  *management.ClientJWTConfiguration // as read, for the PATCH
}

func (f *rs256Fix) read(ctx context.Context) (bool, error) {
	c, err := f.api.Client.Read(ctx, f.clientID)
	if err != nil {
		return false, err
	}
	f.current = c.GetJWTConfiguration()
	return f.current.GetAlgorithm() == "RS256", nil
}

func (f *rs256Fix) patch(ctx context.Context) error {
	// The whole jwt_configuration as read, with alg changed: a PATCH that sent alg alone could
	// reset the lifetime and scopes the client has.
	jc := management.ClientJWTConfiguration{Algorithm: auth0.String("RS256")}
	if f.current != nil {
		jc.LifetimeInSeconds, jc.SecretEncoded, jc.Scopes = f.current.LifetimeInSeconds, f.current.SecretEncoded, f.current.Scopes
	}
	return f.api.Client.Update(ctx, f.clientID, &management.Client{JWTConfiguration: &jc})
}

func (f *rs256Fix) describe() string { return "client " + f.clientID + " signs ID tokens RS256" }
