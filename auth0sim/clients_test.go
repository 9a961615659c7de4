package auth0sim_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestGetClientShowsSecretOnlyWithReadClientKeys(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()

	plain := newV1(t, srv, m2mToken(t, srv, "read:clients"))
	c, err := plain.Client.Read(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetClientSecret() != "" {
		t.Errorf("read:clients alone returned a client secret")
	}
	if c.GetName() != "Billing Web" || c.GetAppType() != "regular_web" {
		t.Errorf("client = %q/%q, want Billing Web/regular_web", c.GetName(), c.GetAppType())
	}
	if n := len(srv.Logs()); n != 0 {
		t.Errorf("a read without secrets logged %d events, want 0 (real tenants log only writes and secret reads)", n)
	}

	keys := newV1(t, srv, m2mToken(t, srv, "read:client_keys"))
	c, err = keys.Client.Read(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetClientSecret() != srv.ClientSecret(auth0sim.ClientWeb) {
		t.Errorf("read:client_keys did not return the current secret")
	}
	ev := lastEvent(t, srv)
	if ev.Get("type").String() != "mgmt_api_read" || ev.Get("details.accessedSecrets.0").String() != "client_secret" {
		t.Errorf("secret read logged as %s", ev.Raw)
	}
	if got := ev.Get("details.response.body.client_secret").String(); got != "*****" {
		t.Errorf("logged secret = %q, want *****", got)
	}

	_, err = plain.Client.Read(ctx, "no-such-client")
	wantAPIError(t, srv, err, http.StatusNotFound, "inexistent_client", "The client does not exist")

	_, err = newV1(t, srv, m2mToken(t, srv, "read:users")).Client.Read(ctx, auth0sim.ClientWeb)
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "read:clients")
}

func TestListClients(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	list, err := newV1(t, srv, m2mToken(t, srv, "read:clients")).Client.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list.Clients {
		ids = append(ids, c.GetClientID())
		if c.GetClientSecret() != "" {
			t.Errorf("client %s listed with its secret without read:client_keys", c.GetClientID())
		}
	}
	want := []string{auth0sim.ClientM2M, auth0sim.ClientSPA, auth0sim.ClientWeb, auth0sim.ClientLegacyHS256}
	if len(ids) != len(want) || list.Total != len(want) {
		t.Fatalf("listed %v (total %d), want %v", ids, list.Total, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Errorf("client %d = %s, want %s", i, ids[i], want[i])
		}
	}
}

func TestRotateSecret(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	old := srv.ClientSecret(auth0sim.ClientWeb)

	_, err := newV1(t, srv, m2mToken(t, srv, "update:clients")).Client.RotateSecret(ctx, auth0sim.ClientWeb)
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "update:client_keys")
	if srv.ClientSecret(auth0sim.ClientWeb) != old || srv.Applied("rotate-secret") != 0 {
		t.Fatal("a rejected rotation changed the secret")
	}

	c, err := newV1(t, srv, m2mToken(t, srv)).Client.RotateSecret(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	now := srv.ClientSecret(auth0sim.ClientWeb)
	if now == old || c.GetClientSecret() != now || len(now) != 64 {
		t.Fatalf("rotation: response secret matches new=%v, changed=%v, len=%d", c.GetClientSecret() == now, now != old, len(now))
	}
	if srv.Applied("rotate-secret") != 1 {
		t.Errorf("Applied(rotate-secret) = %d, want 1", srv.Applied("rotate-secret"))
	}
	ev := lastEvent(t, srv)
	checks := map[string]string{
		"type":                                "sapi",
		"description":                         "Rotate a client secret",
		"details.request.method":              "post",
		"details.request.path":                "/api/v2/clients/web/rotate-secret",
		"details.response.statusCode":         "200",
		"details.response.body.client_secret": "*****",
		"client_id":                           auth0sim.ClientM2M,
		"client_name":                         "Audit M2M",
	}
	for path, want := range checks {
		if got := ev.Get(path).String(); got != want {
			t.Errorf("event %s = %q, want %q", path, got, want)
		}
	}

	_, err = newV1(t, srv, m2mToken(t, srv)).Client.RotateSecret(ctx, "nope")
	wantAPIError(t, srv, err, http.StatusNotFound, "inexistent_client", "does not exist")
}

func TestPatchClientSecret(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	custom := "custom-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ"

	err := newV1(t, srv, m2mToken(t, srv, "update:clients")).Client.Update(ctx, auth0sim.ClientWeb,
		&management.Client{ClientSecret: auth0.String(custom)})
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "update:client_keys")
	if srv.ClientSecret(auth0sim.ClientWeb) == custom {
		t.Fatal("PATCH client_secret without update:client_keys changed the secret")
	}
	if got := lastEvent(t, srv).Get("details.request.body.client_secret").String(); got != "*****" {
		t.Errorf("fapi logged client_secret %q, want *****", got)
	}

	// update:clients alone may change other fields.
	err = newV1(t, srv, m2mToken(t, srv, "update:clients")).Client.Update(ctx, auth0sim.ClientWeb,
		&management.Client{Description: auth0.String("billing")})
	if err != nil {
		t.Fatal(err)
	}

	c := &management.Client{ClientSecret: auth0.String(custom)}
	if err := newV1(t, srv, m2mToken(t, srv)).Client.Update(ctx, auth0sim.ClientWeb, c); err != nil {
		t.Fatal(err)
	}
	if srv.ClientSecret(auth0sim.ClientWeb) != custom {
		t.Fatal("PATCH client_secret with update:client_keys did not set the secret")
	}
	if srv.Applied("patch-client") != 2 {
		t.Errorf("Applied(patch-client) = %d, want 2", srv.Applied("patch-client"))
	}
	ev := lastEvent(t, srv)
	if ev.Get("type").String() != "sapi" || ev.Get("details.request.method").String() != "patch" ||
		ev.Get("details.request.body.client_secret").String() != "*****" {
		t.Errorf("PATCH logged as %s", ev.Raw)
	}
	for _, raw := range srv.Logs() {
		if contains(string(raw), custom) {
			t.Fatal("the custom secret reached a log event in clear")
		}
	}
}

// TestPatchClientJWTConfiguration: a linking client's ID tokens can be switched to RS256 the
// way go-auth0 sends it (the whole jwt_configuration); the change is logged, needs
// update:clients, and a malformed jwt_configuration is refused as the real schema refuses it.
func TestPatchClientJWTConfiguration(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	api := newV1(t, srv, m2mToken(t, srv, "read:clients", "update:clients"))
	c, err := api.Client.Read(ctx, auth0sim.ClientLegacyHS256)
	if err != nil {
		t.Fatal(err)
	}
	jc := c.GetJWTConfiguration()
	if jc.GetAlgorithm() != "HS256" || jc.GetLifetimeInSeconds() == 0 {
		t.Fatalf("seeded jwt_configuration %+v", jc)
	}
	jc.Algorithm = auth0.String("RS256")
	if err := api.Client.Update(ctx, auth0sim.ClientLegacyHS256, &management.Client{JWTConfiguration: jc}); err != nil {
		t.Fatal(err)
	}
	if c, err = api.Client.Read(ctx, auth0sim.ClientLegacyHS256); err != nil || c.GetJWTConfiguration().GetAlgorithm() != "RS256" {
		t.Fatalf("read back %v, %v", c.GetJWTConfiguration(), err)
	}
	ev := lastEvent(t, srv)
	if ev.Get("type").String() != "sapi" || ev.Get("details.request.body.jwt_configuration.alg").String() != "RS256" {
		t.Errorf("PATCH logged as %s", ev.Raw)
	}
	if srv.Applied("patch-client") != 1 {
		t.Errorf("Applied(patch-client) = %d", srv.Applied("patch-client"))
	}

	err = newV1(t, srv, m2mToken(t, srv, "read:clients")).Client.Update(ctx, auth0sim.ClientSPA,
		&management.Client{JWTConfiguration: &management.ClientJWTConfiguration{Algorithm: auth0.String("HS256")}})
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "update:clients")

	for body, want := range map[string]string{
		`{"jwt_configuration":"RS256"}`:                     "must be an object",
		`{"jwt_configuration":{"alg":"PS512"}}`:             "RS256 or HS256",
		`{"jwt_configuration":{"alg":1}}`:                   "wrong type",
		`{"jwt_configuration":{"lifetime_in_seconds":"x"}}`: "wrong type",
		`{"jwt_configuration":{"algorithm":"RS256"}}`:       "Additional properties not allowed",
	} {
		req, _ := http.NewRequest(http.MethodPatch, srv.URL()+"/api/v2/clients/"+auth0sim.ClientSPA, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+m2mToken(t, srv, "update:clients"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s, want 400 saying %q", body, resp.StatusCode, b, want)
		}
	}
	for _, cl := range srv.Clients() {
		if cl.ClientID == auth0sim.ClientSPA && cl.IDTokenAlg != "RS256" {
			t.Errorf("a refused PATCH changed the SPA's alg to %s", cl.IDTokenAlg)
		}
	}
}

// TestClientFieldsSelection: fields/include_fields select the answer's fields as the
// Management API does, and a read that leaves client_secret out is no secret read.
func TestClientFieldsSelection(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:clients", "read:client_keys")
	if err != nil {
		t.Fatal(err)
	}
	get := func(query string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL()+"/api/v2/clients"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	before := len(srv.Logs())
	if code, body := get("?fields=client_secret&include_fields=false"); code != 200 || strings.Contains(body, `"client_secret":`) || !strings.Contains(body, `"name"`) {
		t.Errorf("exclude client_secret: %d %s", code, body)
	}
	if code, body := get("?fields=client_id,name"); code != 200 || strings.Contains(body, "app_type") || !strings.Contains(body, `"client_id"`) {
		t.Errorf("include client_id,name: %d %s", code, body)
	}
	for _, ev := range srv.Logs()[before:] {
		if strings.Contains(string(ev), "accessedSecrets") {
			t.Errorf("a read without the secret was logged as a secret read: %s", ev)
		}
	}
	if code, _ := get("?fields=name&include_fields=maybe"); code != 400 {
		t.Errorf("include_fields=maybe: %d, want 400", code)
	}
	if _, body := get(""); !strings.Contains(body, `"client_secret":`) {
		t.Error("a plain read with read:client_keys lost the secret")
	}
}
