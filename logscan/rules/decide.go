package rules

import "github.com/auth0-migrate/auth0audit/usecase"

// CallRule puts a link or unlink into a row when the token kind is one of Kinds (any kind when
// empty) and every condition holds. The finding's detail is Note followed by the token kind's
// Why.
type CallRule struct {
	Kinds   []TokenKind
	When    []Cond
	UseCase usecase.ID
	Note    string
}

// Confidence is the rule's confidence (ConfidenceOf its row).
func (r CallRule) Confidence() usecase.Confidence { return ConfidenceOf(r.UseCase) }

// Applies reports whether the rule holds for a token kind and facts.
func (r CallRule) Applies(k TokenKind, f *Facts) bool {
	if len(r.Kinds) > 0 && !containsKind(r.Kinds, k) {
		return false
	}
	return Holds(r.When, f)
}

func containsKind(ks []TokenKind, k TokenKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

const auth0jsNote = "auth0.js; "

var viaAuth0js = []Cond{{ViaAuth0js, true}}

// LinkRules classify a link (design section 5): the auth0.js rows first, then the others; the
// first rule that applies wins, and the last always does. Read-only.
var LinkRules = []CallRule{
	{[]TokenKind{TokenServer}, viaAuth0js, usecase.Auth0jsUpdateUsers, auth0jsNote},
	{[]TokenKind{TokenUser}, viaAuth0js, usecase.Auth0jsCurrentUser, auth0jsNote},
	{[]TokenKind{TokenSuspectedID}, viaAuth0js, usecase.Auth0jsIDToken, auth0jsNote},
	{nil, viaAuth0js, usecase.LinkUndetermined, auth0jsNote},
	{[]TokenKind{TokenSuspectedID}, nil, usecase.LinkIDTokenBearer, ""},
	{nil, []Cond{{SendsLinkWith, true}}, usecase.LinkWithIDToken, "body sends link_with; "},
	{[]TokenKind{TokenServer}, nil, usecase.LinkUserIDUpdateUsers, ""},
	{[]TokenKind{TokenUser}, nil, usecase.LinkUserIDCurrentUser, ""},
	{nil, nil, usecase.LinkUndetermined, ""},
}

// UnlinkRules classify an unlink: any access token is fine; an ID token is not. Read-only.
var UnlinkRules = []CallRule{
	{[]TokenKind{TokenServer, TokenUser, TokenOtherAccess}, nil, usecase.UnlinkAccessToken, ""},
	{[]TokenKind{TokenSuspectedID}, nil, usecase.UnlinkIDTokenBearer, ""},
	{nil, nil, usecase.UnlinkUndetermined, ""},
}

// Decide returns the first rule of rules that applies.
func Decide(rules []CallRule, k TokenKind, f *Facts) CallRule {
	for _, r := range rules {
		if r.Applies(k, f) {
			return r
		}
	}
	return rules[len(rules)-1]
}

// SecretRule classifies a call on a client's secret. An UpdateClient call is one only when its
// body (or the JSON object a string body holds) has ClientSecretKey, with any value; the rule
// then also bounds how many other keys the body has (a short PATCH sets a custom secret; a
// long one is a full-object round trip).
type SecretRule struct {
	Call CallKind
	// MaxOtherKeys bounds the body's keys besides ClientSecretKey (each occurrence counts);
	// AnyKeys for no bound. Only UpdateClient rules test it.
	MaxOtherKeys int
	UseCase      usecase.ID
	// ChangesSecret: a successful (sapi) call with a date changes the client's secret at that
	// date, for SecretStaleUse.
	ChangesSecret bool
	// What starts the detail; " by client {caller}" follows when the caller is another client,
	// then, with CountsOtherKeys, " ({n} other fields)".
	What            string
	CountsOtherKeys bool
}

// AnyKeys: no bound on the other keys of a body.
const AnyKeys = -1

// SecretRules, first match wins. A secret finding is filed under the client whose secret it
// is (the {id} segment): that is what the operator follows up. Read-only.
var SecretRules = []SecretRule{
	{RotateSecret, AnyKeys, usecase.SecretRotate, true, "rotate-secret", false},
	{UpdateClient, 2, usecase.SecretSetCustom, true, "PATCH setting client_secret", false},
	{UpdateClient, AnyKeys, usecase.SecretInClientUpdate, false, "PATCH with client_secret in a full-object update", true},
}

// ByClient precedes the caller in a secret finding's detail when NamesCaller.
const ByClient = " by client "

// NamesCaller reports whether a secret finding's detail names its caller: a client other than
// the target.
func NamesCaller(caller, target string) bool { return caller != "" && caller != target }
