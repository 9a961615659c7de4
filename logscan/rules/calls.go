package rules

// How a request path is read before it is matched (design section 5, "Path"):
//
//  1. cut it at the first of PathCut (a query string can carry tokens);
//  2. drop one leading and one trailing "/";
//  3. an empty path has no segments; otherwise split it on "/";
//  4. drop a first segment equal to APIPrefix (the prefix is sometimes missing);
//  5. percent-decode each segment on its own (so an encoded "/" stays inside its segment); a
//     segment that is not valid percent-encoding ("%zz", a lone "%"), or that decodes to bytes
//     that are not UTF-8 ("%FF"), is kept as written. "+" is not a space: paths are not form
//     data.
//
// The method is compared in upper case.
const (
	PathCut   = "?#"
	APIPrefix = "api"
)

// CallKind is what a Management API call does, as far as the rules care.
type CallKind int

const (
	NoCall       CallKind = iota
	Link                  // POST /v2/users/{id}/identities
	Unlink                // DELETE /v2/users/{id}/identities/{provider}/{user_id}
	RotateSecret          // POST /v2/clients/{id}/rotate-secret
	UpdateClient          // PATCH /v2/clients/{id}
)

// AnySegment in a Call's Path matches any non-empty segment.
const AnySegment = "*"

// TargetSegment is the index, in a matched path, of the {id} segment: the user of a link or
// unlink (the "path user"), the client of a secret call.
const TargetSegment = 2

// Call is one call shape: its method and its decoded path, without the "/api" prefix. A path
// matches only with exactly as many segments: /v2/users/{id}/identities/x is no link.
type Call struct {
	Kind   CallKind
	Method string
	Path   []string
}

// Calls lists the calls the rules look at. Read-only.
var Calls = []Call{
	{Link, "POST", []string{"v2", "users", AnySegment, "identities"}},
	{Unlink, "DELETE", []string{"v2", "users", AnySegment, "identities", AnySegment, AnySegment}},
	{RotateSecret, "POST", []string{"v2", "clients", AnySegment, "rotate-secret"}},
	{UpdateClient, "PATCH", []string{"v2", "clients", AnySegment}},
}

// Matches reports whether an upper-case method and decoded segments are this call.
func (c Call) Matches(method string, segs []string) bool {
	if method != c.Method || len(segs) != len(c.Path) {
		return false
	}
	for i, want := range c.Path {
		if want == AnySegment {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if segs[i] != want {
			return false
		}
	}
	return true
}

// MatchCall returns the kind of call an upper-case method and decoded segments make.
func MatchCall(method string, segs []string) CallKind {
	for _, c := range Calls {
		if c.Matches(method, segs) {
			return c.Kind
		}
	}
	return NoCall
}

// MaxSegments is the most segments any Call has: a renderer needs to decode no more.
func MaxSegments() int {
	n := 0
	for _, c := range Calls {
		n = max(n, len(c.Path))
	}
	return n
}
