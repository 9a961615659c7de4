package tenantconn

import (
	"strings"
	"testing"
)

func TestValidateDomain(t *testing.T) {
	ok := []struct {
		domain   string
		loopback bool
	}{
		{"example.eu.auth0.com", false},
		{"acme.auth0.com", false},
		{"login.example-corp.com", false},
		{"Example.EU.Auth0.com", false},
		{"example.eu.auth0.com", true},
		{"127.0.0.1:8443", true},
		{"localhost:1", true},
		{"[::1]:9", true},
		{"127.0.0.1", true},
	}
	for _, c := range ok {
		if err := ValidateDomain(c.domain, c.loopback); err != nil {
			t.Errorf("ValidateDomain(%q, %v) = %v, want nil", c.domain, c.loopback, err)
		}
	}
	bad := []struct {
		domain   string
		loopback bool
		want     string
	}{
		{"", false, "empty"},
		{"acme.eu.auth0.com@127.0.0.1:9443", true, "'@'"},
		{"acme.eu.auth0.com@evil.example", false, "'@'"},
		{"user:pass@acme.eu.auth0.com", false, "'@'"},
		{"https://acme.eu.auth0.com", false, "without https://"},
		{"https://acme.eu.auth0.com/api/v2", false, "e.g. acme.eu.auth0.com"},
		{"acme.eu.auth0.com/api/v2/", false, "without a path"},
		{"acme.eu.auth0.com?x=1", false, "query"},
		{"acme.eu.auth0.com#frag", false, "fragment"},
		{`acme.eu.auth0.com\evil`, false, "path"},
		{"acme.eu.auth0.com:443", false, "no port"},
		{"evil.example:8443", true, "no port"},
		{"127.0.0.1:8443", false, "no port"},
		{"127.0.0.1:0", true, "port"},
		{"127.0.0.1:http", true, "port"},
		{"127.0.0.1", false, "IP address"},
		{"10.0.0.1", true, "IP address"},
		{"localhost", false, "full host name"},
		{"acme", false, "full host name"},
		{"acme..auth0.com", false, "empty label"},
		{"acme.auth0.com.", false, "empty label"},
		{"-acme.auth0.com", false, "'-'"},
		{"ac_me.auth0.com", false, "not allowed"},
		{"acme.auth0.com ", false, "spaces"},
		{"acme .auth0.com", false, "spaces"},
		{"acme.auth0.com\n", false, "control"},
		{"[::1]", false, "IP address"},
		{strings.Repeat("a", 64) + ".auth0.com", false, "63"},
	}
	for _, c := range bad {
		err := ValidateDomain(c.domain, c.loopback)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ValidateDomain(%q, %v) = %v, want an error containing %q", c.domain, c.loopback, err, c.want)
		}
	}
}

// TestResolveRefusesNonHostDomain: the credentials are never resolved for a domain that would
// send them somewhere else.
func TestResolveRefusesNonHostDomain(t *testing.T) {
	t.Setenv("AUTH0_CLIENT_ID", "id")
	t.Setenv("AUTH0_CLIENT_SECRET", "s3cr3t")
	f := Flags{Domain: "acme.eu.auth0.com@127.0.0.1:9443", InsecureHTTP: true}
	if _, err := f.Resolve(); err == nil || !strings.Contains(err.Error(), "--tenant") || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("err = %v", err)
	}
}
