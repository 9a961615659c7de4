// Package tenantcheck reads a tenant's configuration through the Management API and reports,
// as Findings, the settings that the account-linking and client-secret changes make matter:
// the enable_idtoken_api2 flag, the Management API's user access policy, the signing
// algorithm of clients that link accounts client-side, the clients granted
// update:current_user_identities, and the confidential clients still on client secrets.
//
// It only reads: every call is a GET, and the scopes it needs are read:tenant_settings,
// read:resource_servers, read:clients and read:client_grants.
package tenantcheck

import (
	"context"
	"fmt"
	"strings"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// Scopes are the Management API scopes Run needs.
var Scopes = []string{"read:tenant_settings", "read:resource_servers", "read:clients", "read:client_grants"}

// Options tune the checks.
type Options struct {
	// LinkingClients are client IDs known (from logs or code) to link accounts client-side,
	// in addition to those the tenant's grants reveal.
	LinkingClients []string
}

// Run performs every check. A check that cannot read what it needs returns its error; the
// findings of the checks that ran are returned alongside, so one missing scope does not hide
// the rest.
func Run(ctx context.Context, api *management.Management, opts Options) ([]usecase.Finding, error) {
	snap, err := read(ctx, api)
	var out []usecase.Finding
	out = append(out, checkIDTokenFlag(snap)...)
	out = append(out, checkUserPolicy(snap)...)
	out = append(out, checkLinkingClients(snap, opts.LinkingClients)...)
	out = append(out, checkSecretClients(snap)...)
	usecase.Sort(out)
	return out, err
}

// snapshot is what the checks read, fetched once.
type snapshot struct {
	tenant     *management.Tenant
	mgmtAPI    *management.ResourceServer
	clients    []*management.Client
	grants     []*management.ClientGrant
	mgmtAPIAud string
}

// read fetches the configuration. Errors name the call and the scope it needs.
func read(ctx context.Context, api *management.Management) (*snapshot, error) {
	s := &snapshot{}
	incomplete := &IncompleteError{}
	note := func(what, scope string, err error) {
		incomplete.parts = append(incomplete.parts, fmt.Sprintf("%s (needs %s): %v", what, scope, err))
		incomplete.errs = append(incomplete.errs, err)
	}
	if t, err := api.Tenant.Read(ctx); err != nil {
		note("read tenant settings", "read:tenant_settings", err)
	} else {
		s.tenant = t
	}
	if err := eachResourceServer(ctx, api, func(rs *management.ResourceServer) {
		if isManagementAPI(rs) {
			s.mgmtAPI = rs
			s.mgmtAPIAud = rs.GetIdentifier()
		}
	}); err != nil {
		note("list resource servers", "read:resource_servers", err)
	}
	if err := eachClient(ctx, api, func(c *management.Client) { s.clients = append(s.clients, c) }); err != nil {
		note("list clients", "read:clients", err)
	}
	if err := eachGrant(ctx, api, func(g *management.ClientGrant) { s.grants = append(s.grants, g) }); err != nil {
		note("list client grants", "read:client_grants", err)
	}
	if len(incomplete.errs) > 0 {
		return s, incomplete
	}
	return s, nil
}

// IncompleteError names every read that failed, in one line, and keeps the API's errors, so
// a caller can tell a refused token or a missing scope (401, 403) from a tenant that failed.
type IncompleteError struct {
	parts []string
	errs  []error
}

func (e *IncompleteError) Error() string {
	return "tenant checks incomplete: " + strings.Join(e.parts, "; ")
}

// Unwrap returns the errors of the reads that failed.
func (e *IncompleteError) Unwrap() []error { return e.errs }

// isManagementAPI recognises the Auth0 Management API among the resource servers: it is the
// system API whose identifier ends in /api/v2/.
func isManagementAPI(rs *management.ResourceServer) bool {
	id := rs.GetIdentifier()
	return strings.HasSuffix(id, "/api/v2/") && (rs.GetName() == "Auth0 Management API" || strings.HasPrefix(id, "https://"))
}

const perPage = 50

func eachClient(ctx context.Context, api *management.Management, fn func(*management.Client)) error {
	for page := 0; ; page++ {
		// The checks need no secret: leaving it out keeps every client's secret off the wire,
		// and the tenant's logs free of secret reads by this tool.
		l, err := api.Client.List(ctx, management.Page(page), management.PerPage(perPage), management.ExcludeFields("client_secret"))
		if err != nil {
			return err
		}
		for _, c := range l.Clients {
			fn(c)
		}
		if !l.HasNext() || len(l.Clients) == 0 {
			return nil
		}
	}
}

func eachGrant(ctx context.Context, api *management.Management, fn func(*management.ClientGrant)) error {
	for page := 0; ; page++ {
		l, err := api.ClientGrant.List(ctx, management.Page(page), management.PerPage(perPage))
		if err != nil {
			return err
		}
		for _, g := range l.ClientGrants {
			fn(g)
		}
		if !l.HasNext() || len(l.ClientGrants) == 0 {
			return nil
		}
	}
}

func eachResourceServer(ctx context.Context, api *management.Management, fn func(*management.ResourceServer)) error {
	for page := 0; ; page++ {
		l, err := api.ResourceServer.List(ctx, management.Page(page), management.PerPage(perPage))
		if err != nil {
			return err
		}
		for _, rs := range l.ResourceServers {
			fn(rs)
		}
		if !l.HasNext() || len(l.ResourceServers) == 0 {
			return nil
		}
	}
}
