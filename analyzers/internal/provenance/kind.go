package provenance

// Kind is a set of facts about where a value came from. The analyzers act only on these
// facts: a value of unknown provenance has Kind 0 and never produces a diagnostic.
type Kind uint32

const (
	// IDToken: a string holding an ID token, or built from one ("Bearer "+id, Sprintf).
	IDToken Kind = 1 << iota
	// IDTokenBearer: an oauth2.Token whose AccessToken is an ID token.
	IDTokenBearer
	// IDTokenSource: an oauth2.TokenSource serving such a token.
	IDTokenSource
	// IDTokenHTTPClient: an *http.Client that sends an ID token as its bearer.
	IDTokenHTTPClient
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
	// UserScopedSource, UserScopedHTTPClient, UserScopedManagement: token sources, HTTP
	// clients and Management clients/options built from such a token.
	UserScopedSource
	UserScopedHTTPClient
	UserScopedManagement
)

// stringKinds are the kinds a string can carry; they survive concatenation and formatting.
const stringKinds = IDToken | UserScopedAccessToken

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
