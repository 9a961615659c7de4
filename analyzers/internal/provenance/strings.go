package provenance

import (
	"encoding/json"
	neturl "net/url"
	"regexp"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/secretword"
)

// Strings carry marks from their text: constants are classified once, and strings built with
// +, Sprintf, JoinPath and friends are classified from a template of their constant parts
// (httpreq.Template), with the marks of their non-constant parts added.

// constKinds classifies a constant string.
func constKinds(s string) Kind {
	var k Kind
	if !secretword.Placeholder(s) {
		k |= LiteralSecret
	}
	switch strings.ToUpper(s) {
	case "POST":
		return k | MethodPost
	case "DELETE":
		return k | MethodDelete
	case "GET", "PUT", "PATCH", "HEAD", "OPTIONS":
		return k | MethodOther
	}
	k |= templateKinds(s)
	if strings.Contains(s, "update:") {
		k |= scopeKindsOf(s)
	}
	if strings.HasPrefix(strings.TrimSpace(s), "{") {
		k |= jsonBodyKinds(s)
	}
	if strings.Contains(s, "client_secret=") {
		k |= formBodyKinds(s)
	}
	return k
}

// formBodyKinds marks a form-encoded body written as one string
// ("grant_type=client_credentials&client_id=...&client_secret=...", as curl examples are
// translated) by its keys, like a url.Values.
func formBodyKinds(s string) Kind {
	vals, _ := neturl.ParseQuery(strings.TrimSpace(s)) // a bad pair is skipped; the rest count
	var k Kind
	for key, vs := range vals {
		for _, v := range vs {
			var vk Kind
			if v != "" && !secretword.Placeholder(v) {
				vk = LiteralSecret
			}
			k |= bodyKeyKinds(key, vk)
		}
	}
	return k
}

// scopeKindsOf marks a scope string.
func scopeKindsOf(s string) Kind {
	var k Kind
	if sdk.HasUserLinkScope(s) {
		k |= UserLinkScope
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		if f == "update:users" {
			k |= ServerScope
		}
	}
	return k
}

// jsonBodyKinds marks a JSON object literal by its keys.
func jsonBodyKinds(s string) Kind {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &m) != nil {
		return 0
	}
	var k Kind
	for key, raw := range m {
		var v Kind
		var str string
		if json.Unmarshal(raw, &str) == nil && !secretword.Placeholder(str) {
			v = LiteralSecret
		}
		k |= bodyKeyKinds(key, v)
	}
	return k
}

// bodyKeyKinds is what a body key with a value of kinds v marks the body with.
func bodyKeyKinds(key string, v Kind) Kind {
	switch key {
	case "user_id", "provider":
		return BodyUserID
	case "link_with":
		return BodyLinkWith
	case "client_secret":
		if v.Has(LiteralSecret) {
			return BodySecret
		}
	case "audience":
		return BodyAudience
	}
	return 0
}

var identitiesPath = regexp.MustCompile(`/api/v2/users/[^/?#]+/identities(/[^/?#]+/[^/?#]+)?/?$`)

// templateKinds classifies a URL template (httpreq.Hole marks unknown parts).
func templateKinds(t string) Kind {
	if !strings.Contains(t, "/") && !strings.Contains(t, ".") {
		return 0
	}
	var k Kind
	u, _, _ := strings.Cut(t, "?")
	u, _, _ = strings.Cut(u, "#")
	if m := identitiesPath.FindStringSubmatch(u); m != nil {
		if m[1] == "" {
			k |= LinkPath
		} else {
			k |= UnlinkPath
		}
	}
	if strings.HasSuffix(strings.TrimSuffix(u, "/"), "/oauth/token") {
		k |= TokenPath
	}
	host, scheme := "", false
	for _, p := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			host, _, _ = strings.Cut(rest, "/")
			scheme = true
		}
	}
	if !scheme && !strings.ContainsAny(u, "/"+httpreq.Hole) {
		host = u // a bare host name ("example.eu.auth0.com")
	}
	switch {
	case host == "" || strings.ContainsAny(host, httpreq.Hole+"%{}$<>"):
		// not a literal host: a tenant from config, a format verb, a template parameter
	case isAuth0Host(host):
		k |= Auth0Host
	case scheme:
		k |= OtherHost
	}
	return k
}

func isAuth0Host(host string) bool {
	host, _, _ = strings.Cut(host, ":")
	return strings.HasSuffix(strings.ToLower(host), ".auth0.com")
}
