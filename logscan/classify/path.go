package classify

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
)

// apiPath is a Management API request path split into percent-decoded segments, without the
// "/api" prefix: "/api/v2/users/auth0%7C1/identities" becomes ["v2" "users" "auth0|1" "identities"].
type apiPath []string

// parsePath reads a request path as the rules describe (rules: "How a request path is read"):
// cut at a query string (it can carry tokens), without one leading and one trailing slash,
// split on "/", without the "/api" prefix, then each segment percent-decoded (so an encoded "/"
// stays inside its segment); a segment that is not valid percent-encoding, or that decodes to
// bytes that are not UTF-8, is kept as written.
func parsePath(raw string) apiPath {
	if i := strings.IndexAny(raw, rules.PathCut); i >= 0 {
		raw = raw[:i]
	}
	raw = strings.TrimPrefix(raw, "/")
	raw = strings.TrimSuffix(raw, "/")
	if raw == "" {
		return nil
	}
	segs := strings.Split(raw, "/")
	if segs[0] == rules.APIPrefix {
		segs = segs[1:]
	}
	for i, s := range segs {
		if strings.IndexByte(s, '%') < 0 {
			continue
		}
		if d, err := url.PathUnescape(s); err == nil && utf8.ValidString(d) {
			segs[i] = d
		}
	}
	return segs
}

// String renders the decoded path with the "/api" prefix, the form reports show.
func (p apiPath) String() string {
	if len(p) == 0 {
		return ""
	}
	return "/" + rules.APIPrefix + "/" + strings.Join(p, "/")
}
