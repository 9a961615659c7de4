package auth0sim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/recordings"
)

// recorded returns the first interaction of go-auth0's recording name whose method matches and
// whose URL ends with suffix.
func recorded(t *testing.T, name, method, suffix string) recordings.Exchange {
	t.Helper()
	c, err := recordings.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := c.Find(method, suffix)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// keysOf lists the keys of a JSON object (or of each object in an array).
func keysOf(t *testing.T, body []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	var keys []string
	add := func(m map[string]any) {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	switch x := v.(type) {
	case map[string]any:
		add(x)
	case []any:
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				add(m)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// send replays a recorded request's method and body against the simulator at path.
func send(t *testing.T, srv *auth0sim.Server, method, path, body, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, readAll(t, resp)
}

func wantSameShape(t *testing.T, what string, realCode int, realBody []byte, code int, body []byte) {
	t.Helper()
	if code != realCode {
		t.Errorf("%s: status %d, the real tenant answered %d", what, code, realCode)
	}
	realKeys, ours := keysOf(t, realBody), keysOf(t, body)
	for _, k := range realKeys {
		if !slices.Contains(ours, k) && !optionalClientKeys[k] {
			t.Errorf("%s: the real answer has %q, the simulator's does not (%v)", what, k, ours)
		}
	}
}

// optionalClientKeys are client properties the simulator does not model.
var optionalClientKeys = map[string]bool{
	"signing_keys": true, "custom_login_page_on": true, "refresh_token": true, "organization_usage": true,
	"is_token_endpoint_ip_header_trusted": true,
}

func TestReplayRecordedLink(t *testing.T) {
	real := recorded(t, "TestUserManager_Link.yaml", "POST", "/identities")
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	// The recorded body names a recorded user; point it at a seeded one, same shape.
	var body map[string]any
	if err := json.Unmarshal([]byte(real.Request.Body), &body); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keysOf(t, []byte(real.Request.Body)), []string{"connection_id", "provider", "user_id"}) {
		t.Fatalf("recorded link body changed: %s", real.Request.Body)
	}
	body["user_id"] = auth0sim.UserOther
	b, _ := json.Marshal(body)
	code, got := send(t, srv, "POST", "/api/v2/users/auth0%7Cprimary/identities", string(b), m2mToken(t, srv, "update:users"))
	wantSameShape(t, "link", real.Response.Code, []byte(real.Response.Body), code, got)
}

func TestReplayRecordedUnlink(t *testing.T) {
	real := recorded(t, "TestUserManager_Unlink.yaml", "DELETE", "/identities/auth0/63d17c6ce99d3933163bddc2")
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	tok := m2mToken(t, srv, "update:users")
	if code, body := send(t, srv, "POST", "/api/v2/users/auth0%7Cprimary/identities",
		`{"provider":"auth0","user_id":"other"}`, tok); code != 201 {
		t.Fatalf("link: %d %s", code, body)
	}
	code, got := send(t, srv, "DELETE", "/api/v2/users/auth0%7Cprimary/identities/auth0/other", "", tok)
	wantSameShape(t, "unlink", real.Response.Code, []byte(real.Response.Body), code, got)
}

func TestReplayRecordedRotateAndUpdate(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	tok := m2mToken(t, srv)
	rot := recorded(t, "TestClient_RotateSecret.yaml", "POST", "/rotate-secret")
	code, got := send(t, srv, "POST", "/api/v2/clients/web/rotate-secret", rot.Request.Body, tok)
	wantSameShape(t, "rotate-secret", rot.Response.Code, []byte(rot.Response.Body), code, got)

	upd := recorded(t, "TestClient_Update.yaml", "PATCH", "")
	code, got = send(t, srv, "PATCH", "/api/v2/clients/web", upd.Request.Body, tok)
	wantSameShape(t, "update client", upd.Response.Code, []byte(upd.Response.Body), code, got)
	if !strings.Contains(string(got), "This is more than just a test client.") {
		t.Errorf("the recorded PATCH body's description was not applied: %s", got)
	}
}
