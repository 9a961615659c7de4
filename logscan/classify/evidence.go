package classify

import (
	"strings"

	"github.com/tidwall/gjson"
)

// tokenKind is what the evidence in a call's auth block says about its bearer token (design
// section 5, "Token evidence"). The order of the constants is the order the rules are tried.
type tokenKind int

const (
	tokenUnknown     tokenKind = iota
	tokenServer                // scopes contain update:users
	tokenUser                  // scopes contain update:current_user_identities, not update:users
	tokenSuspectedID           // no scopes, and auth.user is the path user: a user acting on themselves
	tokenOtherAccess           // some scopes, none of the above
)

func (k tokenKind) String() string {
	switch k {
	case tokenServer:
		return "access token with update:users"
	case tokenUser:
		return "user access token with update:current_user_identities"
	case tokenSuspectedID:
		return "no scopes and the caller is the path user: probably an ID token"
	case tokenOtherAccess:
		return "access token without a linking scope"
	}
	return "token kind not recorded"
}

// Scopes that decide the token kind. The English migration guide once wrote
// update:current_user_metadata where update:current_user_identities is meant; both count.
const (
	scopeUpdateUsers     = "update:users"
	scopeCurrentUserIDs  = "update:current_user_identities"
	scopeCurrentUserTypo = "update:current_user_metadata"
)

// scopeSet summarises details.request.auth.credentials.scopes, which real events record as an
// array, a space-separated string, null, or not at all (credentials itself may be {}, {jti},
// a string or null; a path into a string yields nothing, which is what we want).
type scopeSet struct {
	any, updateUsers, currentUser bool
}

func readScopes(scopes gjson.Result) scopeSet {
	var s scopeSet
	add := func(sc string) {
		if sc == "" {
			return
		}
		s.any = true
		switch sc {
		case scopeUpdateUsers:
			s.updateUsers = true
		case scopeCurrentUserIDs, scopeCurrentUserTypo:
			s.currentUser = true
		}
	}
	switch {
	case scopes.IsArray():
		scopes.ForEach(func(_, v gjson.Result) bool {
			if v.Type == gjson.String {
				add(v.Str)
			}
			return true
		})
	case scopes.Type == gjson.String:
		for _, sc := range strings.Fields(scopes.Str) {
			add(sc)
		}
	}
	return s
}

// authUserID returns the id in auth.user, which is either an object carrying user_id or a plain
// string holding the id.
func authUserID(user gjson.Result) string {
	switch {
	case user.Type == gjson.String:
		return user.Str
	case user.IsObject():
		return user.Get("user_id").String()
	}
	return ""
}

// kindOf applies the token-evidence rules in their order.
func kindOf(scopes scopeSet, authUser, pathUser string) tokenKind {
	switch {
	case scopes.updateUsers:
		return tokenServer
	case scopes.currentUser:
		return tokenUser
	case !scopes.any && authUser != "" && authUser == pathUser:
		return tokenSuspectedID
	case scopes.any:
		return tokenOtherAccess
	}
	return tokenUnknown
}
