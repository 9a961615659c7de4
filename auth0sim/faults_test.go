package auth0sim_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestFaultStatus(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	old := srv.ClientSecret(auth0sim.ClientWeb)
	srv.SetFault("rotate-secret", auth0sim.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	m := newV1(t, srv, m2mToken(t, srv))
	_, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	wantStatus(t, err, http.StatusServiceUnavailable)
	if srv.ClientSecret(auth0sim.ClientWeb) != old || srv.Applied("rotate-secret") != 0 {
		t.Fatal("a 5xx fault applied the change")
	}
	// Times: 1 means the next call goes through.
	if _, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatalf("after the fault was used up: %v", err)
	}
}

func TestFaultDropAfterApply(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	old := srv.ClientSecret(auth0sim.ClientWeb)
	srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true})
	_, err := newV1(t, srv, m2mToken(t, srv)).Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	if err == nil {
		t.Fatal("a dropped connection returned no error")
	}
	var me management.Error
	if errors.As(err, &me) {
		t.Fatalf("got an HTTP answer (%v), want a transport error", err)
	}
	if srv.ClientSecret(auth0sim.ClientWeb) == old || srv.Applied("rotate-secret") != 1 {
		t.Fatal("the change was not applied before the connection was dropped")
	}
	if ev := lastEvent(t, srv); ev.Get("type").String() != "sapi" || ev.Get("description").String() != "Rotate a client secret" {
		t.Errorf("the applied rotation was not logged: %s", ev.Raw)
	}
}

// TestBlindRetryRotatesTwice shows why rotation must never be retried blindly: go-auth0's
// default transport retries transport errors, so one lost answer means two rotations.
func TestBlindRetryRotatesTwice(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	m, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(m2mToken(t, srv)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Client.RotateSecret(context.Background(), auth0sim.ClientWeb)
	if err != nil {
		t.Fatalf("the retried call failed: %v", err)
	}
	if srv.Applied("rotate-secret") != 2 {
		t.Fatalf("Applied(rotate-secret) = %d, want 2 (first secret lost)", srv.Applied("rotate-secret"))
	}
	if c.GetClientSecret() != srv.ClientSecret(auth0sim.ClientWeb) {
		t.Error("the answer does not carry the current secret")
	}
}

func TestFaultDelay(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	srv.SetFault("get-client", auth0sim.Fault{Delay: 300 * time.Millisecond})
	m := newV1(t, srv, m2mToken(t, srv, "read:clients"))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := m.Client.Read(ctx, auth0sim.ClientWeb); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline to expire during the delay", err)
	}
	srv.ClearFaults()
	if _, err := m.Client.Read(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatalf("after ClearFaults: %v", err)
	}
}

func TestFaultOnOAuthToken(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	srv.SetFault("oauth-token", auth0sim.Fault{Status: http.StatusBadGateway, Times: 1})
	_, err := clientCredentials(srv, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M), 1).Token(context.Background())
	if err == nil {
		t.Fatal("a 502 on /oauth/token gave a token")
	}
}

func TestRateLimit(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{RateLimit: auth0sim.RateLimit{Limit: 2, Window: time.Minute}})
	tok := m2mToken(t, srv, "read:clients")
	for i, wantRemaining := range []string{"1", "0"} {
		resp, err := http.DefaultClient.Do(authed(t, srv, "GET", "/api/v2/clients/web", tok))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Limit") != "2" ||
			resp.Header.Get("X-RateLimit-Remaining") != wantRemaining || resp.Header.Get("X-RateLimit-Reset") == "" {
			t.Fatalf("request %d: %d, headers %v", i, resp.StatusCode, resp.Header)
		}
	}
	resp, err := http.DefaultClient.Do(authed(t, srv, "GET", "/api/v2/clients/web", tok))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := gjsonOf(readAll(t, resp))
	retry, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusTooManyRequests || retry < 1 || retry > 60 ||
		body.Get("errorCode").String() != "too_many_requests" || body.Get("statusCode").Int() != 429 {
		t.Fatalf("third request: %d Retry-After=%q body %s", resp.StatusCode, resp.Header.Get("Retry-After"), body.Raw)
	}
	reset, _ := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if until := time.Until(time.Unix(reset, 0)); until <= 0 || until > time.Minute+time.Second {
		t.Errorf("X-RateLimit-Reset is %v away, want within the window", until)
	}
	_, err = newV1(t, srv, tok).Client.Read(context.Background(), auth0sim.ClientWeb)
	wantStatus(t, err, http.StatusTooManyRequests)
}

// TestRateLimitGoAuth0Retries: go-auth0 retries 429 after Retry-After and then succeeds.
func TestRateLimitGoAuth0Retries(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	srv.SetRateLimit(auth0sim.RateLimit{Limit: 1, Window: time.Second})
	tok := m2mToken(t, srv, "read:clients")
	m, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := m.Client.Read(context.Background(), auth0sim.ClientWeb); err != nil {
			t.Fatalf("go-auth0 did not get through the rate limit: %v", err)
		}
	}
}

func TestUnknownRouteNamePanics(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	for name, call := range map[string]func(){
		"SetFault": func() { srv.SetFault("rotate", auth0sim.Fault{Status: 500}) },
		"Applied":  func() { srv.Applied("rotate") },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"rotate"`) {
					t.Errorf("%s with a misspelt route: recovered %v, want a panic naming it", name, r)
				}
			}()
			call()
		}()
	}
}
