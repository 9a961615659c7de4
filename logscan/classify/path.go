package classify

import (
	"net/url"
	"strings"
)

// apiPath is a Management API request path split into percent-decoded segments, without the
// "/api" prefix: "/api/v2/users/auth0%7C1/identities" becomes ["v2" "users" "auth0|1" "identities"].
type apiPath []string

// parsePath splits raw on "/" and then percent-decodes each segment (in that order, so an
// encoded "/" stays inside its segment). It drops a query string (it can carry tokens), a missing
// or present "/api" prefix and one trailing slash. A segment that is not valid percent-encoding
// is kept as it was written.
func parsePath(raw string) apiPath {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	raw = strings.TrimPrefix(raw, "/")
	raw = strings.TrimSuffix(raw, "/")
	if raw == "" {
		return nil
	}
	segs := strings.Split(raw, "/")
	if segs[0] == "api" {
		segs = segs[1:]
	}
	for i, s := range segs {
		if strings.IndexByte(s, '%') < 0 {
			continue
		}
		if d, err := url.PathUnescape(s); err == nil {
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
	return "/api/" + strings.Join(p, "/")
}

// match reports whether p has exactly the shape of pattern, where "*" matches any non-empty
// segment. Any other arity does not match: that is what keeps /v2/users/{id}/identities/x from
// being taken for a link.
func (p apiPath) match(pattern ...string) bool {
	if len(p) != len(pattern) {
		return false
	}
	for i, want := range pattern {
		if want == "*" {
			if p[i] == "" {
				return false
			}
			continue
		}
		if p[i] != want {
			return false
		}
	}
	return true
}

func (p apiPath) isLink() bool { return p.match("v2", "users", "*", "identities") }

func (p apiPath) isUnlink() bool { return p.match("v2", "users", "*", "identities", "*", "*") }

func (p apiPath) isRotateSecret() bool { return p.match("v2", "clients", "*", "rotate-secret") }

func (p apiPath) isClient() bool { return p.match("v2", "clients", "*") }
