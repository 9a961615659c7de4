package remediate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/linkcheck"
)

// LinkRequest links a secondary account into a primary user.
type LinkRequest struct {
	// PrimaryID is the {id} of POST /api/v2/users/{id}/identities.
	PrimaryID string
	// Bearer is a user's (or an admin's) access token; "" means the tool's own credentials
	// (server-side, update:users).
	Bearer string
	// Secondary by provider and user id (server-side only) ...
	Provider, SecondaryUserID, ConnectionID string
	// ... or by the secondary account's ID token.
	LinkWith string
}

// checkedCall is a link or unlink after every local check: which client sends it and why it
// is allowed.
type checkedCall struct {
	api  *management.Management
	kind linkcheck.Kind
}

// bearerClient checks a caller-supplied bearer token and returns a client that sends it, or
// the tool's own client when bearer is "". It refuses ID tokens and tokens without a linking
// scope, and user tokens acting on another user.
func (e *Engine) bearerClient(bearer, primaryID, verb string) (checkedCall, linkcheck.Claims, error) {
	if bearer == "" {
		if e.API == nil {
			return checkedCall{}, linkcheck.Claims{}, errors.New("no credentials: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, or give an access token")
		}
		return checkedCall{api: e.API, kind: linkcheck.ServerToken}, linkcheck.Claims{AZP: e.SelfClientID}, nil
	}
	claims, kind, err := linkcheck.RefuseIDTokenBearer(bearer)
	if err != nil {
		return checkedCall{}, claims, err
	}
	switch kind {
	case linkcheck.OtherAccessToken:
		return checkedCall{}, claims, fmt.Errorf("the access token has neither update:users nor update:current_user_identities: the tenant would answer 403 to this %s", verb)
	case linkcheck.UserToken:
		if claims.Subject != primaryID {
			return checkedCall{}, claims, fmt.Errorf("a user access token may only %s its own account: its sub is %q but the primary user is %q", verb, claims.Subject, primaryID)
		}
	}
	api, err := e.Tenant.WithToken(bearer)
	return checkedCall{api: api, kind: kind}, claims, err
}

// CheckLink runs every local check on r and returns the call to make, refusing with the reason
// anything the Management API would reject.
func (e *Engine) CheckLink(ctx context.Context, r LinkRequest) (checkedCall, *management.UserIdentityLink, error) {
	if r.PrimaryID == "" {
		return checkedCall{}, nil, errors.New("link: no primary user id")
	}
	call, claims, err := e.bearerClient(r.Bearer, r.PrimaryID, "link")
	if err != nil {
		return call, nil, fmt.Errorf("link refused locally: %w", err)
	}
	body := &management.UserIdentityLink{}
	switch {
	case r.LinkWith != "" && (r.SecondaryUserID != "" || r.Provider != "" || r.ConnectionID != ""):
		return call, nil, errors.New("link refused locally: link_with excludes provider, user_id and connection_id; send one or the other")
	case r.LinkWith != "":
		if claims.AZP == "" {
			return call, nil, errors.New("link refused locally: the access token has no azp, so link_with's aud cannot match it")
		}
		sec, err := linkcheck.VerifyLinkWith(ctx, r.LinkWith, linkcheck.Expect{Issuer: e.Tenant.Issuer(), Audience: claims.AZP,
			JWKSURL: e.Tenant.JWKSURL(), HTTPClient: e.Tenant.HTTP, Now: e.Now})
		if err != nil {
			return call, nil, fmt.Errorf("link refused locally: %w", err)
		}
		if sec.Subject == r.PrimaryID {
			return call, nil, errors.New("link refused locally: link_with is the primary user's own ID token; it must be the secondary account's")
		}
		body.LinkWith = &r.LinkWith
	case call.kind == linkcheck.UserToken:
		return call, nil, errors.New("link refused locally: a user access token (update:current_user_identities) may only link with " +
			"link_with (the secondary account's ID token); sending provider/user_id needs a server token with update:users")
	case r.SecondaryUserID == "":
		return call, nil, errors.New("link: no secondary account (give provider and user id, or link_with)")
	default:
		provider := r.Provider
		if p, _, ok := strings.Cut(r.SecondaryUserID, "|"); ok {
			if provider != "" && provider != p {
				return call, nil, fmt.Errorf("link: provider %q does not match the secondary id %q", provider, r.SecondaryUserID)
			}
			provider = p
		}
		if provider == "" {
			return call, nil, errors.New("link: no provider for the secondary account (give provider|id)")
		}
		body.Provider, body.UserID = &provider, &r.SecondaryUserID
		if r.ConnectionID != "" {
			body.ConnectionID = &r.ConnectionID
		}
	}
	return call, body, nil
}

// Link performs a checked link, journaled under stepID when a journal is set. An unclear
// answer is decided by reading the primary user back.
func (e *Engine) Link(ctx context.Context, stepID string, r LinkRequest) (Outcome, error) {
	out := Outcome{Step: stepID, Op: OpLink}
	if e.Journal != nil && e.Journal.State(stepID).Done() {
		out.Result, out.Resumed, out.Detail = journal.Done, true, "already linked in an earlier run"
		return out, nil
	}
	wantSecondary := r.secondaryID()
	if done, err := e.resolveOpenIdentityCall(ctx, stepID, "link", r.PrimaryID, wantSecondary, true); err != nil {
		return out, err
	} else if done {
		out.Result, out.Recovered, out.Detail = journal.Done, true, "an earlier run's link was applied (read back)"
		return out, nil
	}
	call, body, err := e.CheckLink(ctx, r)
	if err != nil {
		out.Result, out.Detail = journal.Failed, err.Error()
		return out, err
	}
	if err := e.deferredConfirm(ctx); err != nil {
		return out, err
	}
	if err := e.journalIntent(stepID, "link"); err != nil {
		return out, err
	}
	_, callErr := call.api.User.Link(ctx, r.PrimaryID, body)
	return e.finishIdentityCall(ctx, stepID, "link", r.PrimaryID, wantSecondary, true, callErr, out)
}

// secondaryID is the secondary account as "provider|id", the way a read-back finds it among
// the primary's identities: link_with's sub, or the secondary id (given in full, or bare with
// Provider). Without it an unclear link could not be decided by reading the user back, and a
// resumed run would send the link again.
func (r LinkRequest) secondaryID() string {
	if r.LinkWith != "" {
		c, _ := linkcheck.Decode(r.LinkWith)
		return c.Subject
	}
	if r.SecondaryUserID != "" && r.Provider != "" && !strings.Contains(r.SecondaryUserID, "|") {
		return r.Provider + "|" + r.SecondaryUserID
	}
	return r.SecondaryUserID
}

func (e *Engine) journalIntent(stepID, action string) error {
	if e.Journal == nil {
		return nil
	}
	return e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Intent, Action: action})
}

// finishIdentityCall journals a link/unlink outcome; an unclear one is decided by reading the
// primary user back (with the tool's credentials) and looking for the secondary identity.
func (e *Engine) finishIdentityCall(ctx context.Context, stepID, action, primary, secondary string, wantPresent bool, callErr error, out Outcome) (Outcome, error) {
	res, detail := journal.Done, ""
	if callErr != nil {
		if !unclear(callErr) {
			res, detail = journal.Failed, callErr.Error()
		} else if present, err := e.hasIdentity(ctx, primary, secondary); err != nil {
			out.Result, out.Detail = "", fmt.Sprintf("%s: outcome unclear (%v) and the user could not be read back (%v); rerun to decide", action, callErr, err)
			return out, errors.New(out.Detail)
		} else if present == wantPresent {
			res, detail, out.Recovered = journal.Done, "answer lost; read back: applied", true
		} else {
			res, detail, out.Recovered = journal.NotApplied, "read back: not applied ("+callErr.Error()+")", true
		}
	}
	if e.Journal != nil {
		if err := e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Outcome, Action: action, Result: res, Recovered: out.Recovered, Detail: detail}); err != nil {
			return out, err
		}
	}
	out.Result, out.Detail = res, detail
	if res != journal.Done {
		return out, fmt.Errorf("%s %s: %s", action, primary, detail)
	}
	if action == "unlink" {
		e.progress("unlinked %s from %s", secondary, primary)
	} else {
		e.progress("linked %s into %s", secondary, primary)
	}
	return out, nil
}

// hasIdentity reports whether user primary holds the identity provider|id (secondary may be
// "provider|id").
func (e *Engine) hasIdentity(ctx context.Context, primary, secondary string) (bool, error) {
	if e.API == nil {
		return false, errors.New("no tool credentials to read the user back")
	}
	rctx, cancel := readBackCtx(ctx)
	defer cancel()
	u, err := e.API.User.Read(rctx, primary)
	if err != nil {
		return false, err
	}
	provider, bare, _ := strings.Cut(secondary, "|")
	for _, id := range u.Identities {
		if id.GetProvider() == provider && id.GetUserID() == bare {
			return true, nil
		}
	}
	return false, nil
}

// resolveOpenIdentityCall decides a link/unlink left open by an earlier run (intent, no
// outcome) by reading the user back, so it is not sent twice. It reports true when the call
// had been applied.
func (e *Engine) resolveOpenIdentityCall(ctx context.Context, stepID, action, primary, secondary string, wantPresent bool) (bool, error) {
	if e.Journal == nil || secondary == "" || !e.Journal.State(stepID).Unclear {
		return false, nil
	}
	present, err := e.hasIdentity(ctx, primary, secondary)
	if err != nil {
		return false, fmt.Errorf("%s %s: an earlier run left the outcome unclear and the user could not be read back: %v", action, primary, err)
	}
	if present != wantPresent {
		return false, e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Outcome, Action: action, Result: journal.NotApplied,
			Recovered: true, Detail: "read back: an earlier attempt was not applied"})
	}
	e.progress("%s %s: an earlier run's call was applied (read back)", action, primary)
	return true, e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Outcome, Action: action, Result: journal.Done,
		Recovered: true, Detail: "read back: an earlier attempt was applied"})
}
