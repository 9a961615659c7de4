package classify

import (
	"strings"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
)

// tokenFacts reads the token evidence of a call's auth block (rules: "Token evidence") against
// the path user.
func tokenFacts(auth gjson.Result, pathUser string) rules.Facts {
	var f rules.Facts
	readScopes(auth.Get("credentials.scopes"), &f)
	user := authUserID(auth.Get("user"))
	f[rules.ActsOnSelf] = user != "" && user == pathUser
	return f
}

// readScopes sets the scope facts from details.request.auth.credentials.scopes, which real
// events record as an array, a space-separated string, null, or not at all (credentials itself
// may be {}, {jti}, a string or null; a path into a string yields nothing, which is what we
// want).
func readScopes(scopes gjson.Result, f *rules.Facts) {
	add := func(sc string) {
		if sc == "" {
			return
		}
		f[rules.HasScopes] = true
		if rules.IsServerScope(sc) {
			f[rules.HasServerScope] = true
		}
		if rules.IsUserScope(sc) {
			f[rules.HasUserScope] = true
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
