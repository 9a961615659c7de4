// Package userscopedlink defines an Analyzer that reports account links made with a
// user-scoped access token (update:current_user_identities) that send the secondary account
// by user_id/provider, which the Management API now rejects.
package userscopedlink

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/diag"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report user-scoped account links that send the secondary user_id

A user-scoped access token (scope update:current_user_identities; the migration guide's
misspelling update:current_user_metadata counts too) may only link by sending the secondary
account's ID token as link_with. Sending the secondary user_id/provider with such a token is
rejected (use case link-userid-current-user).

Scope evidence is an oauth2.Config whose Scopes list the scope, or a go-auth0 token request
whose Scope does; the token it yields is followed to a link call: go-auth0 UserManager.Link
(v1, gopkg.in/auth0.v5) or v3 identities Link with a UserIdentityLink /
LinkUserIdentityRequestContent carrying UserID or Provider, or a POST to
/api/v2/users/{id}/identities whose JSON body has user_id or provider. For example:

	conf := &oauth2.Config{Scopes: []string{"openid", "update:current_user_identities"}, ...}
	tok, _ := conf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	m.User.Link(ctx, id, &management.UserIdentityLink{UserID: &sec, Provider: &p}) // reported

Links with link_with, and links whose token scopes are unknown, are not reported.`

var Analyzer = &analysis.Analyzer{
	Name:     "userscopedlink",
	Doc:      Doc,
	URL:      usecase.LinkingMigrationDoc,
	Requires: []*analysis.Analyzer{provenance.Analyzer},
	Run:      run,
}

const what = "account link with a user-scoped token (update:current_user_identities) sends the secondary user_id/provider"

func run(pass *analysis.Pass) (any, error) {
	prov := pass.ResultOf[provenance.Analyzer].(*provenance.Result)
	if !prov.Active {
		return nil, nil
	}
	rep := suppress.NewReporter(pass)
	seen := map[token.Pos]bool{}
	report := func(n ast.Node) {
		if !seen[n.Pos()] {
			seen[n.Pos()] = true
			rep.Report(diag.New(n, usecase.LinkUserIDCurrentUser, what))
		}
	}
	for _, decl := range prov.Decls() {
		if rep.InGenerated(decl) {
			continue
		}
		fn := httpreq.NewFunc(pass.TypesInfo, decl.Body)
		linksByUserID := func(reqx ast.Expr) bool {
			req, ok := fn.Request(reqx)
			if !ok || httpreq.IdentityOp(req) != sdk.OpLink {
				return false
			}
			keys, ok := fn.BodyKeys(req.Body)
			return ok && httpreq.LinksBySecondaryUserID(keys)
		}
		authSinks := httpreq.AuthorizationSinks(pass.TypesInfo, decl.Body)
		for _, fr := range prov.Frames(decl) {
			for _, s := range authSinks {
				if fr.KindOfAny(s.Value).Has(provenance.UserScopedAccessToken) && linksByUserID(s.Req) {
					report(s.Node)
				}
			}
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if client, reqx, ok := httpreq.DoRequest(pass.TypesInfo, call); ok {
					if fr.Kind(client).Has(provenance.UserScopedHTTPClient) && linksByUserID(reqx) {
						report(call)
					}
					return true
				}
				op, bodyArg := sdk.IdentityCall(typeutil.Callee(pass.TypesInfo, call))
				if op != sdk.OpLink || bodyArg >= len(call.Args) || !fr.ClientKind(call).Has(provenance.UserScopedManagement) {
					return true
				}
				if keys, ok := fn.BodyKeys(call.Args[bodyArg]); ok && httpreq.LinksBySecondaryUserID(keys) {
					report(call)
				}
				return true
			})
		}
	}
	return nil, nil
}
