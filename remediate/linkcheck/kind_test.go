package linkcheck

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

func jwtOf(t *testing.T, hdr, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(hdr)
	c, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c) + ".c2ln"
}

func TestClassify(t *testing.T) {
	rs := map[string]any{"alg": "RS256", "typ": "JWT"}
	cases := []struct {
		name   string
		claims map[string]any
		want   Kind
	}{
		{"ID token with nonce", map[string]any{"iss": "https://t/", "sub": "auth0|1", "aud": "abc", "nonce": "n"}, IDToken},
		{"ID token with at_hash, aud list", map[string]any{"aud": []string{"abc"}, "at_hash": "h"}, IDToken},
		{"ID token by shape", map[string]any{"sub": "auth0|1", "aud": "abc", "exp": 1}, IDToken},
		{"M2M token", map[string]any{"sub": "m2m@clients", "aud": "https://t/api/v2/", "azp": "m2m", "gty": "client-credentials", "scope": "read:users update:users"}, ServerToken},
		{"user token", map[string]any{"sub": "auth0|1", "aud": []string{"https://t/api/v2/", "https://t/userinfo"}, "azp": "spa", "scope": "openid update:current_user_identities"}, UserToken},
		{"user token, doc misspelling", map[string]any{"sub": "auth0|1", "aud": "https://t/api/v2/", "scope": "update:current_user_metadata"}, UserToken},
		{"other access token", map[string]any{"aud": "https://t/api/v2/", "scope": "read:users"}, OtherAccessToken},
	}
	for _, c := range cases {
		got, why := Classify(must(Decode(jwtOf(t, rs, c.claims))))
		if got != c.want {
			t.Errorf("%s: %v (%s), want %v", c.name, got, why, c.want)
		}
	}
}

func must(c Claims, err error) Claims {
	if err != nil {
		panic(err)
	}
	return c
}

func TestRefuseIDTokenBearerSaysWhy(t *testing.T) {
	tok := jwtOf(t, map[string]any{"alg": "RS256"}, map[string]any{"aud": "abc", "nonce": "n"})
	_, _, err := RefuseIDTokenBearer(tok)
	if err == nil || !strings.Contains(err.Error(), "nonce") || strings.Contains(err.Error(), tok) {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := RefuseIDTokenBearer("opaque-token"); err == nil || !strings.Contains(err.Error(), "not a JWT") {
		t.Fatalf("opaque: %v", err)
	}
}

// FuzzDecode: arbitrary input never panics, and a refusal never quotes the token.
func FuzzDecode(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhYmMiLCJub25jZSI6Im4ifQ.c2ln")
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		_, _, err := RefuseIDTokenBearer(tok)
		if err != nil && len(tok) > 8 && strings.Contains(err.Error(), tok) {
			t.Fatalf("error quotes the token: %v", err)
		}
	})
}
