// Package userscopedlink defines an Analyzer that reports account links made with a
// user-scoped access token (update:current_user_identities) that send the secondary account
// by user_id/provider, which the Management API now rejects.
package userscopedlink

import (
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/check"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report user-scoped account links that send the secondary user_id

A user-scoped access token (scope update:current_user_identities; the migration guide's
misspelling update:current_user_metadata counts too) may only link by sending the secondary
account's ID token as link_with. Sending the secondary user_id/provider with such a token is
rejected (use case link-userid-current-user).

Scope evidence is an oauth2.Config whose Scopes list the scope (a literal, a constant, a list
built with append or strings.Join, or a helper's, in the package or another of the module), or
a go-auth0 token request whose Scope does; the token it yields is followed to a link call:
go-auth0 UserManager.Link (v1, gopkg.in/auth0.v5) or v3 identities Link with a
UserIdentityLink / LinkUserIdentityRequestContent carrying UserID or Provider, or a POST to
/api/v2/users/{id}/identities (net/http or go-resty) whose JSON body has user_id or provider.
For example:

	conf := &oauth2.Config{Scopes: []string{"openid", "update:current_user_identities"}, ...}
	tok, _ := conf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	m.User.Link(ctx, id, &management.UserIdentityLink{UserID: &sec, Provider: &p}) // reported

Links with link_with, links whose token also has update:users, and links whose token scopes
are unknown (read from configuration) are not reported.`

// Name is the analyzer's name, also used in //auth0vet:ignore userscopedlink <reason>.
const Name = provenance.CheckUserScopedLink

// Analyzer follows user-scoped tokens across the module's packages (analysis facts).
var Analyzer = New(provenance.Analyzer)

// New returns the analyzer on top of a provenance analyzer (provenance.Analyzer with facts,
// provenance.Local without).
func New(prov *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       Name,
		Doc:        Doc,
		URL:        usecase.LinkingMigrationDoc,
		Requires:   []*analysis.Analyzer{prov},
		ResultType: check.ResultType,
		Run:        func(pass *analysis.Pass) (any, error) { return check.Run(pass, prov, Name) },
	}
}
