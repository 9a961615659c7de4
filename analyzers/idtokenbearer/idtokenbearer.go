// Package idtokenbearer defines an Analyzer that reports ID tokens used as the bearer token for
// the Auth0 Management API's account-linking endpoints, which no longer accept them.
package idtokenbearer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/diag"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report ID tokens used as the bearer for Auth0 account linking

The Management API no longer accepts an ID token as the bearer token for linking
(POST /api/v2/users/{id}/identities, use case link-idtoken-bearer) or unlinking
(DELETE /api/v2/users/{id}/identities/{provider}/{user_id}, unlink-idtoken-bearer).

ID tokens are (*oauth2.Token).Extra("id_token"), go-auth0's TokenSet.IDToken, fields tagged
json:"id_token" and map lookups of "id_token", followed through local variables, struct
fields and helper functions of the package. Bearer sinks are an Authorization header set on a
request to the identities endpoint, and go-auth0 Management clients built with
management.WithStaticToken (v1, gopkg.in/auth0.v5), option.WithToken (v3), or an
oauth2.StaticTokenSource whose AccessToken is the ID token. For example:

	idToken := tok.Extra("id_token").(string)
	req, _ := http.NewRequest("POST", domain+"/api/v2/users/"+id+"/identities", body)
	req.Header.Set("Authorization", "Bearer "+idToken) // link-idtoken-bearer

Values of unknown provenance, access tokens, ID tokens sent elsewhere (id_token_hint, your own
APIs) and link_with bodies are not reported. Silence a finding with
//auth0vet:ignore <reason> on the line or the line above.`

var Analyzer = &analysis.Analyzer{
	Name:     "idtokenbearer",
	Doc:      Doc,
	URL:      usecase.LinkingMigrationDoc,
	Requires: []*analysis.Analyzer{provenance.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	prov := pass.ResultOf[provenance.Analyzer].(*provenance.Result)
	if !prov.Active {
		return nil, nil
	}
	rep := suppress.NewReporter(pass)
	seen := map[token.Pos]bool{}
	report := func(d analysis.Diagnostic) {
		if !seen[d.Pos] {
			seen[d.Pos] = true
			rep.Report(d)
		}
	}
	var optionSinks []analysis.Diagnostic
	sawClientCall := false // a Link/Unlink or other Management call on an ID-token client
	for _, decl := range prov.Decls() {
		if rep.InGenerated(decl) {
			continue
		}
		fn := httpreq.NewFunc(pass.TypesInfo, decl.Body)
		authSinks := httpreq.AuthorizationSinks(pass.TypesInfo, decl.Body)
		for _, fr := range prov.Frames(decl) {
			// Authorization header on a request to the identities endpoint.
			for _, s := range authSinks {
				if !fr.KindOfAny(s.Value).Has(provenance.IDToken) {
					continue
				}
				if req, ok := fn.Request(s.Req); ok {
					if op := httpreq.IdentityOp(req); op != sdk.OpNone {
						report(diag.New(s.Node, idFor(op), "ID token sent as the Authorization bearer of a Management API "+opName(op)+" request"))
					}
				}
			}
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				// (*http.Client).Do with a client that sends an ID token.
				if client, reqx, ok := httpreq.DoRequest(pass.TypesInfo, call); ok && fr.Kind(client).Has(provenance.IDTokenHTTPClient) {
					if req, ok := fn.Request(reqx); ok {
						if op := httpreq.IdentityOp(req); op != sdk.OpNone {
							report(diag.New(call, idFor(op), "HTTP client whose token source serves an ID token sends a Management API "+opName(op)+" request"))
						}
					}
					return true
				}
				callee := typeutil.Callee(pass.TypesInfo, call)
				// go-auth0 Link/Unlink on a client (or with a request option) built from an ID token.
				if op, _ := sdk.IdentityCall(callee); op != sdk.OpNone {
					if fr.ClientKind(call).Has(provenance.IDTokenManagement) {
						sawClientCall = true
						report(diag.New(call, idFor(op), "go-auth0 "+opName(op)+" call made with a Management client authenticated by an ID token"))
					}
					return true
				}
				// Any other Management call on such a client (a profile read, a metadata update)
				// shows what the client is for: it is not assumed to link.
				if isManagementMethod(callee) && fr.ClientKind(call).Has(provenance.IDTokenManagement) {
					sawClientCall = true
					return true
				}
				// The client option itself, reported only when no call with such a client is
				// seen in the package.
				if isTokenOption(callee) && fr.Kind(call).Has(provenance.IDTokenManagement) {
					optionSinks = append(optionSinks, diag.NewSuspected(call, usecase.LinkIDTokenBearer,
						"go-auth0 Management client authenticated by an ID token (no Link/Unlink call with it was seen here, so this assumes a link)"))
				}
				return true
			})
		}
	}
	if !sawClientCall {
		for _, d := range optionSinks {
			report(d)
		}
	}
	return nil, nil
}

// isManagementMethod reports whether callee is a method of a go-auth0 Management API resource
// (v1 and gopkg.in/auth0.v5 managers such as UserManager, v3 resource clients). Methods of the
// Management client itself (Request, NewRequest, Do, URI) send anything, links included, so
// they do not tell what the client is for.
func isManagementMethod(callee types.Object) bool {
	fn, ok := callee.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if n, ok := types.Unalias(deref(sig.Recv().Type())).(*types.Named); ok && n.Obj().Name() == "Management" {
		return false
	}
	p := fn.Pkg().Path()
	return p == sdk.V1Management || p == sdk.V5Management || p == sdk.V3Management || strings.HasPrefix(p, sdk.V3Management+"/")
}

func isTokenOption(callee types.Object) bool {
	return sdk.ManagementTokenOption(callee) || sdk.ManagementTokenSourceOption(callee) || sdk.ManagementHTTPClientOption(callee)
}

func idFor(op sdk.Op) usecase.ID {
	if op == sdk.OpUnlink {
		return usecase.UnlinkIDTokenBearer
	}
	return usecase.LinkIDTokenBearer
}

func opName(op sdk.Op) string {
	if op == sdk.OpUnlink {
		return "unlink"
	}
	return "link"
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
