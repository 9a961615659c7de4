// Package idtokenbearer defines an Analyzer that reports ID tokens used as the bearer token for
// the Auth0 Management API's account-linking endpoints, which no longer accept them.
package idtokenbearer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/check"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const Doc = `report ID tokens used as the bearer for Auth0 account linking

The Management API no longer accepts an ID token as the bearer token for linking
(POST /api/v2/users/{id}/identities, use case link-idtoken-bearer) or unlinking
(DELETE /api/v2/users/{id}/identities/{provider}/{user_id}, unlink-idtoken-bearer).

ID tokens are (*oauth2.Token).Extra("id_token"), go-auth0's TokenSet.IDToken, fields tagged
json:"id_token", map lookups of "id_token" and raw strings go-oidc's Verifier.Verify accepted,
followed through local variables, struct fields, closures, context values and helper
functions, in the package and (as analysis facts) across the module's packages. Bearer sinks
are an Authorization header set on a request to the identities endpoint (Header.Set/Add, a
header literal, a helper's header), an HTTP client, RoundTripper or go-resty client/request
that sends the ID token (Do, Post, PostForm, SetAuthToken, SetHeader), and go-auth0
Management clients built with management.WithStaticToken (v1, gopkg.in/auth0.v5),
option.WithToken, WithTokenSource, WithHTTPClient or WithHTTPHeader (v3). A request is a link
or unlink from its method and URL, built with +, Sprintf, JoinPath or a helper, in the package
or another. For example:

	idToken := tok.Extra("id_token").(string)
	req, _ := http.NewRequest("POST", domain+"/api/v2/users/"+id+"/identities", body)
	req.Header.Set("Authorization", "Bearer "+idToken) // link-idtoken-bearer

A sink inside a helper that is reached only from some callers is reported at those callers,
naming the helper. Values of unknown provenance, access tokens, ID tokens sent elsewhere
(id_token_hint, your own APIs, any literal host that is not *.auth0.com) and link_with bodies
are not reported. Silence a finding with //auth0vet:ignore idtokenbearer <reason> on the line
or the line above.`

// Name is the analyzer's name, also used in //auth0vet:ignore idtokenbearer <reason>.
const Name = provenance.CheckIDTokenBearer

// Analyzer follows ID tokens across the module's packages (analysis facts).
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
