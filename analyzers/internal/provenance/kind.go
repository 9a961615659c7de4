package provenance

import "strings"

// Kind is a set of facts about where a value came from or what it is. The analyzers act only
// on these facts: a value of unknown provenance has Kind 0 and never produces a diagnostic.
// The same set describes strings (an ID token, an identities URL, a literal secret), requests
// (their target, body and bearer) and clients (the bearer they send).
type Kind uint64

const (
	// IDToken: a string holding an ID token, or built from one ("Bearer "+id, Sprintf).
	IDToken Kind = 1 << iota
	// IDTokenBearer: an oauth2.Token whose AccessToken is an ID token.
	IDTokenBearer
	// IDTokenSource: an oauth2.TokenSource serving such a token.
	IDTokenSource
	// IDTokenClient: something that sends an ID token as its bearer: an *http.Client, an
	// http.RoundTripper, a go-resty client or request.
	IDTokenClient
	// IDTokenHeader: an http.Header (or header map, or *http.Request) whose Authorization
	// is an ID token.
	IDTokenHeader
	// IDTokenManagement: a go-auth0 Management client, or a client/request option, that
	// authenticates with an ID token.
	IDTokenManagement

	// UserScopedRequest: an oauth2.Config or go-auth0 token request asking for the user-scoped
	// link scope (update:current_user_identities, or the guide's misspelling).
	UserScopedRequest
	// UserScopedToken: an oauth2.Token or go-auth0 TokenSet granted for such a request.
	UserScopedToken
	// UserScopedAccessToken: the access-token string of such a token.
	UserScopedAccessToken
	// UserScopedSource, UserScopedClient, UserScopedHeader, UserScopedManagement: token
	// sources, clients, headers and Management clients/options built from such a token.
	UserScopedSource
	UserScopedClient
	UserScopedHeader
	UserScopedManagement

	// LinkPath, UnlinkPath: a URL (or a request to one) of the Management API's link
	// (.../users/{id}/identities) or unlink (.../identities/{provider}/{user_id}) endpoint.
	LinkPath
	UnlinkPath
	// TokenPath: a URL ending in /oauth/token.
	TokenPath
	// Auth0Host: a URL (or host) on a literal *.auth0.com host. OtherHost: on a literal host
	// that is not (an internal API whose path happens to read like the Management API's).
	Auth0Host
	OtherHost
	// MethodPost, MethodDelete, MethodOther: an HTTP method constant.
	MethodPost
	MethodDelete
	MethodOther

	// BodyUserID: a body carrying user_id or provider; BodyLinkWith: one carrying link_with.
	BodyUserID
	BodyLinkWith
	// BodySecret: a body carrying a literal client_secret; BodyAudience: one with an audience
	// (Auth0's client-credentials parameter).
	BodySecret
	BodyAudience

	// LiteralSecret: a string written as a literal in the code that is not a placeholder.
	LiteralSecret
	// UserLinkScope: a scope string or list naming the user-scoped link scope; ServerScope:
	// one naming update:users (with which a link by user_id is allowed).
	UserLinkScope
	ServerScope
)

const (
	urlKinds    = LinkPath | UnlinkPath | TokenPath | Auth0Host | OtherHost
	hostKinds   = Auth0Host | OtherHost
	methodKinds = MethodPost | MethodDelete | MethodOther
	bodyKinds   = BodyUserID | BodyLinkWith | BodySecret | BodyAudience
	scopeKinds  = UserLinkScope | ServerScope
	// stringKinds survive concatenation and formatting (LiteralSecret only when every part is
	// literal, see stringOp).
	stringKinds = IDToken | UserScopedAccessToken | urlKinds | bodyKinds | scopeKinds
	// bearerKinds are what a client, header or request sends as its bearer.
	idBearer   = IDTokenClient | IDTokenHeader
	userBearer = UserScopedClient | UserScopedHeader
)

var kindNames = []string{
	"IDToken", "IDTokenBearer", "IDTokenSource", "IDTokenClient", "IDTokenHeader", "IDTokenManagement",
	"UserScopedRequest", "UserScopedToken", "UserScopedAccessToken", "UserScopedSource", "UserScopedClient",
	"UserScopedHeader", "UserScopedManagement", "LinkPath", "UnlinkPath", "TokenPath", "Auth0Host",
	"OtherHost", "MethodPost", "MethodDelete", "MethodOther", "BodyUserID", "BodyLinkWith", "BodySecret",
	"BodyAudience", "LiteralSecret", "UserLinkScope", "ServerScope",
}

func (k Kind) String() string {
	var parts []string
	for i, n := range kindNames {
		if k&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// Has reports whether k contains any of the kinds in x.
func (k Kind) Has(x Kind) bool { return k&x != 0 }

// carry maps the kinds of an input to the kinds of a value built from it: the token an
// oauth2.Token is built from, the token source built from a token, and so on.
func carry(in Kind, pairs ...Kind) Kind {
	var out Kind
	for i := 0; i+1 < len(pairs); i += 2 {
		if in.Has(pairs[i]) {
			out |= pairs[i+1]
		}
	}
	return out
}

// bearerOf maps what is sent as a bearer (a token string, token, source, client or header) to
// the client kinds of what sends it.
func bearerOf(in Kind) Kind {
	return carry(in,
		IDToken, IDTokenClient, IDTokenBearer, IDTokenClient, IDTokenSource, IDTokenClient, IDTokenClient, IDTokenClient, IDTokenHeader, IDTokenClient,
		IDTokenManagement, IDTokenClient, UserScopedManagement, UserScopedClient,
		UserScopedAccessToken, UserScopedClient, UserScopedToken, UserScopedClient, UserScopedSource, UserScopedClient, UserScopedClient, UserScopedClient, UserScopedHeader, UserScopedClient)
}

// headerOf maps an Authorization header value to the header kinds.
func headerOf(in Kind) Kind {
	return carry(in, IDToken, IDTokenHeader, UserScopedAccessToken, UserScopedHeader)
}

// op is what a request's target does to identities: OpLink, OpUnlink or nothing. A literal
// host that is not Auth0's is never the Management API.
func targetOp(k Kind) op {
	switch {
	case k.Has(OtherHost):
		return opNone
	case k.Has(LinkPath):
		return opLink
	case k.Has(UnlinkPath):
		return opUnlink
	}
	return opNone
}

type op int

const (
	opNone op = iota
	opLink
	opUnlink
)

// withMethod restricts a URL's kinds to what a request with these method kinds does.
func withMethod(url, method Kind) Kind {
	m := method & methodKinds
	if m == 0 {
		return url // not a constant: decided by the path
	}
	if !m.Has(MethodPost) {
		url &^= LinkPath | TokenPath
	}
	if !m.Has(MethodDelete) {
		url &^= UnlinkPath
	}
	return url
}
