package rules

// Token evidence (design section 5): what details.request.auth says about a call's bearer.
//
// Scopes are details.request.auth.credentials.scopes: a JSON array (its string elements) or a
// string of scopes separated by white space (Unicode white space, as Go's strings.Fields
// splits). Absent, null, empty and any other JSON type all mean no scopes; so does a
// credentials value that is not an object. Empty strings are not scopes.
//
// The auth user is auth.user: a string is the user id itself; an object carries it as
// user_id (any JSON scalar, read as its text). The path user is the decoded {id} segment.

// ServerScopes make a server token; UserScopes a user token. The English migration guide once
// wrote update:current_user_metadata where update:current_user_identities is meant: both count.
var (
	ServerScopes = []string{"update:users"}
	UserScopes   = []string{"update:current_user_identities", "update:current_user_metadata"}
)

// Fact is one yes/no piece of evidence the decision tables test.
type Fact int

const (
	HasServerScope Fact = iota // a scope is one of ServerScopes
	HasUserScope               // a scope is one of UserScopes
	HasScopes                  // there is at least one scope
	ActsOnSelf                 // the auth user is not empty and equals the path user
	ViaAuth0js                 // auth0_client.name is Auth0jsClient
	SendsLinkWith              // the body (or the JSON object a string body holds) has LinkWithKey, not null
	numFacts
)

// Facts holds the value of every Fact for one call.
type Facts [numFacts]bool

// Cond requires a Fact to be Want.
type Cond struct {
	Fact Fact
	Want bool
}

// Holds reports whether every condition holds.
func Holds(when []Cond, f *Facts) bool {
	for _, c := range when {
		if f[c.Fact] != c.Want {
			return false
		}
	}
	return true
}

// TokenKind is what the evidence says about the bearer token.
type TokenKind int

const (
	TokenUnknown     TokenKind = iota // none of the others
	TokenServer                       // a server token: update:users
	TokenUser                         // a user token: update:current_user_identities, not update:users
	TokenSuspectedID                  // no scopes, and the caller is the path user: probably an ID token
	TokenOtherAccess                  // some scopes, none of the linking ones
)

// Name is the kind's identifier in SQL.
func (k TokenKind) Name() string {
	switch k {
	case TokenServer:
		return "server"
	case TokenUser:
		return "user"
	case TokenSuspectedID:
		return "suspected-id-token"
	case TokenOtherAccess:
		return "other-access-token"
	}
	return "unknown"
}

// Why is the kind as a finding's detail says it.
func (k TokenKind) Why() string {
	switch k {
	case TokenServer:
		return "access token with update:users"
	case TokenUser:
		return "user access token with update:current_user_identities"
	case TokenSuspectedID:
		return "no scopes and the caller is the path user: probably an ID token"
	case TokenOtherAccess:
		return "access token without a linking scope"
	}
	return "the log does not say which token was sent"
}

// TokenRule gives a token kind when its conditions hold.
type TokenRule struct {
	When []Cond
	Kind TokenKind
}

// TokenRules decide the token kind: the first rule that holds wins. Read-only.
var TokenRules = []TokenRule{
	{[]Cond{{HasServerScope, true}}, TokenServer},
	{[]Cond{{HasUserScope, true}}, TokenUser},
	{[]Cond{{HasScopes, false}, {ActsOnSelf, true}}, TokenSuspectedID},
	{[]Cond{{HasScopes, true}}, TokenOtherAccess},
	{nil, TokenUnknown},
}

// KindOf applies TokenRules.
func KindOf(f *Facts) TokenKind {
	for _, r := range TokenRules {
		if Holds(r.When, f) {
			return r.Kind
		}
	}
	return TokenUnknown
}

// IsServerScope and IsUserScope test one scope against the lists.
func IsServerScope(s string) bool { return contains(ServerScopes, s) }

// IsUserScope reports whether s is one of UserScopes.
func IsUserScope(s string) bool { return contains(UserScopes, s) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
