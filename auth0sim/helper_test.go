package auth0sim_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func postJSON(t *testing.T, url, body string) []byte {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, b)
	}
	return b
}

func TestHelperAPIMintsWorkingTokens(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	user := gjsonOf(postJSON(t, srv.URL()+"/__sim/tokens/user",
		`{"sub":"auth0|primary","azp":"spa","scopes":["update:current_user_identities"]}`)).Get("token").String()
	secondary := gjsonOf(postJSON(t, srv.URL()+"/__sim/tokens/id",
		`{"sub":"google-oauth2|secondary","aud":"spa","alg":"RS256","expires_in":600}`)).Get("token").String()
	if _, err := newV1(t, srv, user).User.Link(context.Background(), auth0sim.UserPrimary, linkWithBody(secondary)); err != nil {
		t.Fatalf("link with helper-minted tokens: %v", err)
	}
	m2m := gjsonOf(postJSON(t, srv.URL()+"/__sim/tokens/m2m", `{"client_id":"m2m","scopes":["read:users"]}`)).Get("token").String()
	u, err := newV1(t, srv, m2m).User.Read(context.Background(), auth0sim.UserPrimary)
	if err != nil || len(u.Identities) != 2 {
		t.Fatalf("read linked user: %v", err)
	}

	resp, err := http.Get(srv.URL() + "/__sim/users/auth0%7Cprimary")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got := gjsonOf(readAll(t, resp)).Get("identities.#").Int(); got != 2 {
		t.Errorf("helper user state has %d identities", got)
	}
	resp2, err := http.Get(srv.URL() + "/__sim/applied")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	if got := gjsonOf(readAll(t, resp2)).Get("link").Int(); got != 1 {
		t.Errorf("helper applied[link] = %d", got)
	}
	resp3, err := http.Get(srv.URL() + "/__sim/clients")
	if err != nil {
		t.Fatal(err)
	}
	defer resp3.Body.Close()
	clients := gjsonOf(readAll(t, resp3))
	if clients.Get("#").Int() != 4 || clients.Get("#.client_secret|#").Int() != 0 {
		t.Errorf("helper clients = %s (secrets must not be listed)", clients.Raw)
	}
}

func TestHelperAPIRejectsBadRequests(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	for _, body := range []string{`{"sub":"auth0|primary"}`, `{"sub":"a","aud":"spa","alg":"ES256"}`, `{"bogus":1}`, `not json`} {
		resp, err := http.Post(srv.URL()+"/__sim/tokens/id", "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		b := readAll(t, resp)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || gjsonOf(b).Get("message").String() == "" {
			t.Errorf("body %s: %d %s, want 400 with a message", body, resp.StatusCode, b)
		}
	}
}

func TestHelperAPIRefusesNonLoopbackCallers(t *testing.T) {
	reached := false
	h := auth0sim.LoopbackOnly(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	for addr, want := range map[string]int{"10.1.2.3:4444": 403, "[2001:db8::1]:80": 403, "127.0.0.1:5555": 200, "[::1]:80": 200} {
		reached = false
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/__sim/tokens/m2m", nil)
		req.RemoteAddr = addr
		h.ServeHTTP(rec, req)
		if rec.Code != want || reached != (want == 200) {
			t.Errorf("%s: %d (handler reached %v), want %d", addr, rec.Code, reached, want)
		}
	}
}
