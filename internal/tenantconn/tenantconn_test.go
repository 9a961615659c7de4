package tenantconn

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolvePrefersSecretFileAndNeverEchoesIt(t *testing.T) {
	t.Setenv("AUTH0_CLIENT_ID", "env-id")
	t.Setenv("AUTH0_CLIENT_SECRET", "env-secret-value")
	file := filepath.Join(t.TempDir(), "s")
	if err := os.WriteFile(file, []byte("  file-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := Flags{Domain: "x.eu.auth0.com", ClientSecretFile: file}
	c, err := f.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "env-id" || c.Secret() != "file-secret-value" {
		t.Fatalf("resolved %q / secret of %d bytes", c.ClientID, len(c.Secret()))
	}
	if strings.Contains(c.String(), "secret-value") {
		t.Fatalf("String() shows the secret: %s", c)
	}
	f.ClientSecretFile = ""
	if c, _ = f.Resolve(); c.Secret() != "env-secret-value" {
		t.Fatal("AUTH0_CLIENT_SECRET not used when no file is given")
	}
}

func TestConnectRefusesInsecureHTTPOffLoopback(t *testing.T) {
	t.Setenv("AUTH0_CLIENT_ID", "id")
	t.Setenv("AUTH0_CLIENT_SECRET", "s3cr3t")
	for domain, ok := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:1": true, "[::1]:9": true,
		"example.eu.auth0.com": false, "127.example.com:80": false,
	} {
		f := Flags{Domain: domain, InsecureHTTP: true}
		_, _, err := f.Connect(context.Background())
		if ok && err != nil {
			t.Errorf("%s: %v", domain, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "--insecure-http")) {
			t.Errorf("%s: err = %v, want a refusal naming --insecure-http", domain, err)
		}
	}
}
