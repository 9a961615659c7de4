package remediate

import (
	"context"
	"errors"
	"strings"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

// UnlinkRequest removes a secondary identity from a primary user.
type UnlinkRequest struct {
	PrimaryID string
	// Bearer is an access token; "" means the tool's own credentials.
	Bearer string
	// Provider and SecondaryUserID name the identity; SecondaryUserID may be "provider|id" or
	// the bare id: the API wants the bare id in the path.
	Provider, SecondaryUserID string
}

// bareSecondary returns the provider and the bare id of the identity to unlink.
func (r UnlinkRequest) bareSecondary() (string, string, error) {
	provider, id := r.Provider, r.SecondaryUserID
	// With the provider given, an id whose prefix is another word is already bare: a custom
	// OAuth2 connection's identity is provider "oauth2", user_id "my-connection|123".
	if p, rest, ok := strings.Cut(id, "|"); ok && (provider == "" || provider == p) {
		provider, id = p, rest
	}
	if provider == "" || id == "" {
		return "", "", errors.New("unlink: give the secondary identity as provider|id (or --provider and the bare id)")
	}
	return provider, id, nil
}

// Unlink performs a checked unlink, journaled under stepID when a journal is set.
func (e *Engine) Unlink(ctx context.Context, stepID string, r UnlinkRequest) (Outcome, error) {
	out := Outcome{Step: stepID, Op: OpUnlink}
	if e.Journal != nil && e.Journal.State(stepID).Done() {
		out.Result, out.Resumed, out.Detail = journal.Done, true, "already unlinked in an earlier run"
		return out, nil
	}
	provider, bare, err := r.bareSecondary()
	if err != nil {
		return out, err
	}
	if done, err := e.resolveOpenIdentityCall(ctx, stepID, "unlink", r.PrimaryID, provider+"|"+bare, false); err != nil {
		return out, err
	} else if done {
		out.Result, out.Recovered, out.Detail = journal.Done, true, "an earlier run's unlink was applied (read back)"
		return out, nil
	}
	call, _, err := e.bearerClient(r.Bearer, r.PrimaryID, "unlink")
	if err != nil {
		out.Result, out.Detail = journal.Failed, "unlink refused locally: "+err.Error()
		return out, errors.New(out.Detail)
	}
	if err := e.deferredConfirm(ctx); err != nil {
		return out, err
	}
	if err := e.journalIntent(stepID, "unlink"); err != nil {
		return out, err
	}
	_, callErr := call.api.User.Unlink(ctx, r.PrimaryID, provider, bare)
	return e.finishIdentityCall(ctx, stepID, "unlink", r.PrimaryID, provider+"|"+bare, false, callErr, out)
}
