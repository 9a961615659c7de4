package tenantconn

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ValidateDomain checks that domain is a bare tenant host name, the only thing the tool may
// send client credentials to: "example.eu.auth0.com" (or a private-cloud or custom host
// name), with no scheme, userinfo, port, path, query or fragment. A port is allowed only when
// allowLoopbackPort is set (the tenant simulator, --insecure-http) and the host is loopback.
//
// The official auth0 CLI (internal/cli/login.go) strips "http(s)://" and "/api/v2" and keeps
// what comes before the first "/"; its machine login builds the token URL with
// url.Parse("https://" + domain), so "tenant.auth0.com@evil.example" would send the client
// secret to evil.example. This check is stricter: anything but a host name is refused, with a
// message that says what to remove, and nothing is guessed.
func ValidateDomain(domain string, allowLoopbackPort bool) error {
	if domain == "" {
		return errors.New("empty: give the tenant domain, e.g. example.eu.auth0.com")
	}
	// Messages show the value without a user part, query or fragment: a URL pasted here may
	// carry a password or a token.
	shown := ShownDomain(domain)
	if strings.TrimSpace(domain) != domain || strings.ContainsFunc(domain, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("%q contains spaces or control characters", shown)
	}
	if scheme, rest, ok := strings.Cut(domain, "://"); ok {
		return fmt.Errorf("%q: give the domain only, the host name without %s:// (e.g. %s)", shown, scheme, hostPart(rest))
	}
	if strings.Contains(domain, "@") {
		return fmt.Errorf("%q contains '@': a tenant domain has no user part (the host after '@' would receive the credentials)", shown)
	}
	if i := strings.IndexAny(domain, "/?#\\"); i >= 0 {
		return fmt.Errorf("%q: give the domain only, the host name without a path, query or fragment", shown)
	}
	host, port := domain, ""
	if h, p, err := net.SplitHostPort(domain); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		host = domain // a bracketed IPv6 literal without a port
	} else if strings.Count(domain, ":") == 1 || strings.HasPrefix(domain, "[") {
		return fmt.Errorf("%q: not a host name (%v)", shown, err)
	}
	if port != "" {
		if !allowLoopbackPort || !IsLoopback(host) {
			return fmt.Errorf("%q: a tenant domain has no port (a port is accepted only for a loopback tenant simulator with --insecure-http)", domain)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: port %q is not a number from 1 to 65535", domain, port)
		}
	}
	if allowLoopbackPort && IsLoopback(host) {
		return nil
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil {
		return fmt.Errorf("%q is an IP address: a tenant domain is a host name such as example.eu.auth0.com", domain)
	}
	return validHostName(host)
}

// validHostName checks RFC 1123 host name syntax: dot-separated labels of letters, digits and
// hyphens, each 1-63 characters and not starting or ending with a hyphen, 253 characters in
// all, and at least two labels (every tenant domain has a dot).
func validHostName(host string) error {
	if len(host) > 253 {
		return fmt.Errorf("%q is longer than 253 characters", host)
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return fmt.Errorf("%q is not a full host name (want e.g. example.eu.auth0.com)", host)
	}
	for _, l := range labels {
		if l == "" {
			return fmt.Errorf("%q has an empty label (two dots in a row, or a leading or trailing dot)", host)
		}
		if len(l) > 63 {
			return fmt.Errorf("%q: label %q is longer than 63 characters", host, l)
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("%q: label %q starts or ends with '-'", host, l)
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("%q: %q is not allowed in a host name", host, r)
			}
		}
	}
	return nil
}

// hostPart is what comes before the first '/', '?' or '#' of rest, without a user part: the
// host name a user probably meant.
func hostPart(rest string) string {
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = rest[at+1:]
	}
	return rest
}

// ShownDomain is what a message may echo of a --tenant or $AUTH0_DOMAIN value that is not a
// bare domain: a URL's user part (it may hold a password) and its query and fragment (they
// may hold a token) are replaced by "...".
func ShownDomain(d string) string {
	scheme, rest := "", d
	if i := strings.Index(d, "://"); i >= 0 {
		scheme, rest = d[:i+3], d[i+3:]
	}
	host, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host, tail = rest[:i], rest[i:]
	}
	if at := strings.LastIndex(host, "@"); at >= 0 {
		host = "...@" + host[at+1:]
	}
	if i := strings.IndexAny(tail, "?#"); i >= 0 {
		tail = tail[:i+1] + "..."
	}
	return scheme + host + tail
}
