package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// runCLI runs the root command with args and returns stdout, stderr and the error.
func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	ios := iostreams.Test(nil, &out, &errOut)
	cmd := newRootCmd(ios)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestTenantCommandAgainstSimulator(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = true
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	secret := srv.ClientSecret(auth0sim.ClientM2M)
	// The secret comes from a 0600 file, the way the README tells users to pass it.
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", "")

	out, errOut, err := runCLI(t, "tenant", "--tenant", srv.Domain(), "--insecure-http",
		"--client-secret-file", secretFile, "--json", "--fail-on", "none")
	if err != nil {
		t.Fatalf("tenant: %v\nstderr: %s", err, errOut)
	}
	var got struct {
		Tenant   string `json:"tenant"`
		Findings []struct {
			UseCase string `json:"use_case"`
			Status  string `json:"status"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Tenant != srv.Domain() || len(got.Findings) == 0 || got.Findings[0].UseCase != "tenant-idtoken-api2-enabled" {
		t.Fatalf("unexpected report: %+v", got)
	}
	if strings.Contains(out+errOut, secret) {
		t.Fatal("the client secret appears in the command's output")
	}

	// The default gate (affected) trips on the HS256 linking client only when it links; the
	// flag is an action finding, which the default gate counts.
	_, _, err = runCLI(t, "tenant", "--tenant", srv.Domain(), "--insecure-http", "--client-secret-file", secretFile)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("default gate: err = %v, want exit 2", err)
	}
}

func TestTenantCommandBadInput(t *testing.T) {
	t.Setenv("AUTH0_CLIENT_ID", "")
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	cases := map[string][]string{
		"--tenant is required": {"tenant"},
		"give the domain only": {"tenant", "--tenant", "https://x.auth0.com/"},
		"no credentials":       {"tenant", "--tenant", "x.auth0.com"},
		"--format \"xml\"":     {"tenant", "--tenant", "x.auth0.com", "--format", "xml"},
		"only allowed for a tenant simulator on loopback": {"tenant", "--tenant", "x.auth0.com", "--client-id", "a", "--client-secret-file", os.DevNull, "--insecure-http"},
		"--client-secret-file /dev/null":                  {"tenant", "--tenant", "x.auth0.com", "--client-id", "a", "--client-secret-file", os.DevNull},
	}
	for want, args := range cases {
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: err = %v, want it to mention %q", args, err, want)
		}
	}
}
