package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// liveTenant starts the simulator and makes it log the calls the scanner must find: a server
// link (row 2), a link with the primary's ID token as bearer (row 1, rejected), a rotation of
// "web", and a client-credentials exchange with web's old secret after it (secret-stale-use).
func liveTenant(t *testing.T) *auth0sim.Server {
	t.Helper()
	var tick atomic.Int64
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	srv := auth0sim.StartTest(t, auth0sim.Config{Now: func() time.Time {
		return start.Add(time.Duration(tick.Add(1)) * time.Second)
	}})
	ctx := context.Background()
	m2m, err := srv.MintM2MToken(auth0sim.ClientM2M, "update:users", "update:client_keys")
	if err != nil {
		t.Fatal(err)
	}
	api, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(m2m))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.User.Link(ctx, auth0sim.UserPrimary, &management.UserIdentityLink{
		Provider: auth0.String("google-oauth2"), UserID: auth0.String("secondary")}); err != nil {
		t.Fatalf("server link: %v", err)
	}
	idTok, err := srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserOther, Aud: auth0sim.ClientSPA})
	if err != nil {
		t.Fatal(err)
	}
	asUser, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(idTok))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asUser.User.Link(ctx, auth0sim.UserOther, &management.UserIdentityLink{
		Provider: auth0.String("github"), UserID: auth0.String("4242")}); err == nil {
		t.Fatal("the simulator accepted an ID token as bearer")
	}
	oldSecret := srv.ClientSecret(auth0sim.ClientWeb)
	if _, err := api.Client.RotateSecret(ctx, auth0sim.ClientWeb); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	resp, err := http.PostForm(srv.URL()+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {auth0sim.ClientWeb}, "client_secret": {oldSecret}, "audience": {srv.ManagementAudience()}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return srv
}

func TestLogsLiveFetchFromSimulator(t *testing.T) {
	srv := liveTenant(t)
	dir := t.TempDir()
	raw, cp := filepath.Join(dir, "raw.ndjson"), filepath.Join(dir, "cp")
	m2mSecret := srv.ClientSecret(auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", m2mSecret)
	args := []string{"--tenant", srv.Domain(), "--insecure-http", "--json", "--save-raw", raw, "--checkpoint", cp}

	out, errOut, err := runLogs(t, nil, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	var got logsJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"link-userid-update-users": 1, "link-idtoken-bearer": 1, "secret-rotate": 1, "secret-stale-use": 1}
	if g := countByUseCase(got.Findings); !mapsEqual(g, want) {
		t.Errorf("findings %v, want %v", g, want)
	}
	for _, f := range got.Findings {
		if f.UseCase == usecase.LinkIDTokenBearer && (f.StatusCode != 401 || f.UserID != auth0sim.UserOther) {
			t.Errorf("rejected ID-token link: %+v", f)
		}
		if f.UseCase == usecase.SecretStaleUse && f.ClientID != auth0sim.ClientWeb {
			t.Errorf("stale use by %q", f.ClientID)
		}
	}
	st, err := os.Stat(raw)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("--save-raw file: %v %v", st, err)
	}
	saved, _ := os.ReadFile(raw)
	if n := strings.Count(string(saved), "\n"); int64(n) != got.Summary.EventsRead {
		t.Errorf("saved %d events, scanned %d", n, got.Summary.EventsRead)
	}
	if strings.Contains(out+errOut, m2mSecret) {
		t.Error("the client secret reached the output")
	}

	// Resume: new events since the checkpoint are fetched; the saved ones are scanned again,
	// so the report covers the whole tenant and nothing is fetched twice.
	m2m, _ := srv.MintM2MToken(auth0sim.ClientM2M, "update:client_keys")
	api, _ := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(m2m))
	if _, err := api.Client.RotateSecret(context.Background(), auth0sim.ClientSPA); err != nil {
		t.Fatal(err)
	}
	out, errOut, err = runLogs(t, nil, args...)
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, errOut)
	}
	got = logsJSON{}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want["secret-rotate"] = 2
	if g := countByUseCase(got.Findings); !mapsEqual(g, want) {
		t.Errorf("after resume: findings %v, want %v", g, want)
	}
	if got.Summary.Duplicates != 0 {
		t.Errorf("resume fetched %d relevant events again", got.Summary.Duplicates)
	}
	ids := map[string]bool{}
	saved, _ = os.ReadFile(raw)
	for _, line := range strings.Split(strings.TrimSpace(string(saved)), "\n") {
		var ev struct {
			LogID string `json:"log_id"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ids[ev.LogID] {
			t.Fatalf("saved events: %v, duplicate %v", err, ids[ev.LogID])
		}
		ids[ev.LogID] = true
	}
}
