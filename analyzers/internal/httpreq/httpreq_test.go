package httpreq

import (
	"testing"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
)

func TestIdentityOp(t *testing.T) {
	h := Hole
	for _, tc := range []struct {
		method, url string
		want        sdk.Op
	}{
		{"POST", h + "/api/v2/users/" + h + "/identities", sdk.OpLink},
		{"", "https://t.eu.auth0.com/api/v2/users/auth0%7C1/identities/", sdk.OpLink},
		{"POST", h + "/api/v2/users/" + h + "/identities?x=1", sdk.OpLink},
		{"DELETE", h + "/api/v2/users/" + h + "/identities/" + h + "/" + h, sdk.OpUnlink},
		{"", h + "/api/v2/users/" + h + "/identities/github/" + h, sdk.OpUnlink},
		{"GET", h + "/api/v2/users/" + h + "/identities", sdk.OpNone},
		{"POST", h + "/api/v2/users/" + h + "/identities/" + h + "/" + h, sdk.OpNone},
		{"POST", h + "/api/v2/users/" + h, sdk.OpNone},
		{"POST", h, sdk.OpNone},
		{"POST", h + "/api/v2/users/" + h + "/identities" + h, sdk.OpNone},
		{"POST", "https://api.example.com/profile", sdk.OpNone},
	} {
		if got := IdentityOp(Request{Method: tc.method, URL: tc.url}); got != tc.want {
			t.Errorf("IdentityOp(%s %q) = %v, want %v", tc.method, tc.url, got, tc.want)
		}
	}
}

func TestLinksBySecondaryUserID(t *testing.T) {
	for _, tc := range []struct {
		keys map[string]bool
		want bool
	}{
		{map[string]bool{"user_id": true, "provider": true}, true},
		{map[string]bool{"provider": true, "connection_id": true}, true},
		{map[string]bool{"link_with": true}, false},
		{map[string]bool{"link_with": true, "user_id": true}, false},
		{map[string]bool{}, false},
	} {
		if got := LinksBySecondaryUserID(tc.keys); got != tc.want {
			t.Errorf("LinksBySecondaryUserID(%v) = %v, want %v", tc.keys, got, tc.want)
		}
	}
}
