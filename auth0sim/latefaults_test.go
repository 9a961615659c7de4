package auth0sim_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// TestFaultApplyLate: the connection is reset at once (no answer), the secret is unchanged
// when read back, and the rotation lands later: the request that must never be resent.
func TestFaultApplyLate(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	old := srv.ClientSecret(auth0sim.ClientWeb)
	srv.SetFault("rotate-secret", auth0sim.Fault{ApplyLate: time.Hour, Times: 1})
	m := newV1(t, srv, m2mToken(t, srv), management.WithNoRetries())
	_, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	var me management.Error
	if err == nil || errors.As(err, &me) {
		t.Fatalf("err = %v, want a transport error", err)
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Logf("note: the error is %v (not ECONNRESET)", err)
	}
	c, err := m.Client.Read(context.Background(), auth0sim.ClientWeb)
	if err != nil || c.GetClientSecret() != old || srv.Applied("rotate-secret") != 0 {
		t.Fatalf("read back: %v; applied %d; the change must not be visible yet", err, srv.Applied("rotate-secret"))
	}
	if n := srv.ApplyLateNow(); n != 1 {
		t.Fatalf("ApplyLateNow landed %d", n)
	}
	if srv.ClientSecret(auth0sim.ClientWeb) == old || srv.Applied("rotate-secret") != 1 || srv.SecretChanges(auth0sim.ClientWeb) != 1 {
		t.Fatal("the late request did not land")
	}
	if ev := lastEvent(t, srv); ev.Get("type").String() != "sapi" || ev.Get("description").String() != "Rotate a client secret" {
		t.Errorf("the late rotation was not logged: %s", ev.Raw)
	}
	// On its own timer too.
	srv.SetFault("rotate-secret", auth0sim.Fault{ApplyLate: 20 * time.Millisecond, Times: 1})
	m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	deadline := time.Now().Add(5 * time.Second)
	for srv.Applied("rotate-secret") != 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if srv.Applied("rotate-secret") != 2 {
		t.Fatal("the timed late request never landed")
	}
}

func TestHooks(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv), management.WithNoRetries())
	old := srv.ClientSecret(auth0sim.ClientWeb)
	srv.SetHook("rotate-secret", auth0sim.Hook{Before: func(*http.Request) bool { return false }, Times: 1})
	if _, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb); err == nil {
		t.Fatal("a dropped request answered")
	}
	if srv.ClientSecret(auth0sim.ClientWeb) != old {
		t.Fatal("Before returning false applied the request")
	}
	var ran atomic.Int32
	srv.SetHook("rotate-secret", auth0sim.Hook{After: func(*http.Request) bool { ran.Add(1); return false }})
	if _, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb); err == nil {
		t.Fatal("After returning false answered")
	}
	if srv.ClientSecret(auth0sim.ClientWeb) == old || ran.Load() != 1 {
		t.Fatal("After did not run after the change was applied")
	}
	srv.ClearHooks()
	if _, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
}

// TestClientMetadata: merged at the top level, null removes a key, the documented limits hold.
func TestClientMetadata(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv))
	ctx := context.Background()
	set := func(md map[string]any) error {
		return m.Client.Update(ctx, auth0sim.ClientWeb, &management.Client{ClientMetadata: &md})
	}
	if err := set(map[string]any{"a": "1", "b": "2"}); err != nil {
		t.Fatal(err)
	}
	if err := set(map[string]any{"b": nil, "c": "3"}); err != nil {
		t.Fatal(err)
	}
	c, err := m.Client.Read(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	got := c.GetClientMetadata()
	if len(got) != 2 || got["a"] != "1" || got["c"] != "3" {
		t.Fatalf("metadata %v", got)
	}
	if srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("a metadata change counted as a secret change")
	}
	for name, md := range map[string]map[string]any{
		"too long":    {"k": strings.Repeat("x", 256)},
		"not string":  {"k": 1},
		"bad key":     {"a.b": "x"},
		"too many":    {"k1": "", "k2": "", "k3": "", "k4": "", "k5": "", "k6": "", "k7": "", "k8": "", "k9": ""},
		"long key":    {strings.Repeat("k", 256): "x"},
		"dollar key":  {"$x": "y"},
		"nested":      {"k": map[string]any{"x": "y"}},
		"empty key":   {"": "y"},
		"control key": {"a\nb": "y"},
	} {
		err := set(md)
		var me management.Error
		if !errors.As(err, &me) || me.Status() != 400 || !strings.Contains(err.Error(), "client_metadata") {
			t.Errorf("%s: err = %v, want 400 naming client_metadata", name, err)
		}
	}
	if err := set(map[string]any{"k": strings.Repeat("x", 255), "with space:ok": "y"}); err != nil {
		t.Fatalf("255 characters and an allowed key: %v", err)
	}
	if md := srv.ClientMetadata(auth0sim.ClientWeb); len(md) != 4 {
		t.Fatalf("metadata %v", md)
	}
}

// TestHelperFaultsAPI: faults and rate limits set over HTTP by a test outside Go.
func TestHelperFaultsAPI(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv), management.WithNoRetries())
	postJSON(t, srv.URL()+"/__sim/faults", `{"route":"rotate-secret","status":503,"times":1}`)
	_, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	wantStatus(t, err, 503)

	old := srv.ClientSecret(auth0sim.ClientWeb)
	postJSON(t, srv.URL()+"/__sim/faults", `{"route":"rotate-secret","apply_late_ms":600000,"times":1}`)
	_, err = m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	if err == nil {
		t.Fatal("apply_late answered")
	}
	if srv.ClientSecret(auth0sim.ClientWeb) != old {
		t.Fatal("applied early")
	}
	if got := gjsonOf(postJSON(t, srv.URL()+"/__sim/late", `{}`)).Get("landed").Int(); got != 1 || srv.ClientSecret(auth0sim.ClientWeb) == old {
		t.Fatalf("POST /__sim/late landed %d (the rotate's error: %v)", got, err)
	}

	postJSON(t, srv.URL()+"/__sim/faults", `{"route":"get-client","delay_ms":1,"times":0}`)
	req, _ := http.NewRequest("DELETE", srv.URL()+"/__sim/faults", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("DELETE: %v %v", resp, err)
	}
	resp.Body.Close()

	for body, want := range map[string]string{
		`{"route":"rotate","status":503}`:                                     "unknown route",
		`{"route":"rotate-secret","status":503,"drop_after_apply":true}`:      "cannot also",
		`{"route":"rotate-secret","drop_after_apply":true,"apply_late_ms":5}`: "exclude each other",
		`{"route":"rotate-secret","status":200}`:                              "4xx or 5xx",
		`{"route":"rotate-secret","statuz":503}`:                              "unknown field",
		`{"route":"rotate-secret","delay_ms":-1}`:                             "negative",
	} {
		resp, err := http.Post(srv.URL()+"/__sim/faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b := readAll(t, resp)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s, want 400 with %q", body, resp.StatusCode, b, want)
		}
	}

	postJSON(t, srv.URL()+"/__sim/ratelimit", `{"limit":1,"window_ms":60000}`)
	tok := m2mToken(t, srv, "read:clients")
	for i, want := range []int{200, 429} {
		resp, err := http.DefaultClient.Do(authed(t, srv, "GET", "/api/v2/clients/web", tok))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
	}
	if srv.Throttled() != 1 {
		t.Fatalf("Throttled = %d", srv.Throttled())
	}
	postJSON(t, srv.URL()+"/__sim/ratelimit", `{"limit":0}`)
	resp, err = http.Get(srv.URL() + "/__sim/clients")
	if err != nil {
		t.Fatal(err)
	}
	b := readAll(t, resp)
	resp.Body.Close()
	if gjsonOf(b).Get(`#(client_id=="web").secret_changes`).Int() != 1 || strings.Contains(string(b), old) {
		t.Fatalf("clients: %s", b)
	}
}
