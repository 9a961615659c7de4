package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	cryptorand "crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// TestEveryFlagTakingASecretFileNeverEchoesTheValue: a user who passes a secret, a token or
// a private key itself where the flag wants the path of the file holding it ("$TOKEN" for
// "$TOKEN_FILE") sees an error that says so and never the value: errors land in the
// terminal's scrollback and in CI logs. Every flag of every command that reads a secret from
// a file is listed here; a new one belongs in this list.
func TestEveryFlagTakingASecretFileNeverEchoesTheValue(t *testing.T) {
	c := newCLIEnv(t)
	t.Chdir(t.TempDir()) // a regression writes a file named after the secret here, not in the package
	jwt, err := c.srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	secret := c.srv.ClientSecret(auth0sim.ClientM2M)
	watchToken := strings.Repeat("9f2c41d07be3a865", 4) // openssl rand -hex 32, as watch --help says
	key, err := ecdsa.GenerateKey(elliptic.P256(), cryptorand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
	dir := t.TempDir()
	tokenFile := c.file("watch.token", watchToken)
	certFile, _ := selfSignedCert(t, dir)
	tenant := []string{"--tenant", c.srv.Domain(), "--insecure-http"}
	journal := func() string { return filepath.Join(t.TempDir(), "journal") }
	watchArgs := func(extra ...string) []string {
		return append([]string{"watch", "--listen", "127.0.0.1:0", "--spool", filepath.Join(t.TempDir(), "spool")}, extra...)
	}

	type flagCase struct {
		flag  string
		value string
		args  []string
	}
	var cases []flagCase
	for _, v := range []string{secret, jwt} {
		cases = append(cases,
			flagCase{"--client-secret-file", v, append([]string{"tenant", "--client-secret-file", v}, tenant...)},
			flagCase{"--client-secret-file", v, append([]string{"logs", "--client-secret-file", v}, tenant...)},
			flagCase{"--token-file", v, append([]string{"audit", "--token-file", v}, tenant...)},
			flagCase{"--token-file", v, append(watchArgs("--auth-token-file", tokenFile, "--token-file", v), tenant...)},
			flagCase{"--access-token-file", v, append(c.fixFlags(), "link", "--user", auth0sim.UserPrimary, "--secondary", auth0sim.UserSecondary, "--access-token-file", v, "--yes")},
			flagCase{"--link-with-file", v, append(c.fixFlags(), "link", "--user", auth0sim.UserPrimary, "--secondary", auth0sim.UserSecondary, "--link-with-file", v, "--yes")},
			flagCase{"--access-token-file", v, append(c.fixFlags(), "unlink", "--user", auth0sim.UserPrimary, "--secondary", auth0sim.UserSecondary, "--access-token-file", v, "--yes")},
			flagCase{"--auth-token-file", v, watchArgs("--auth-token-file", v)},
		)
		// --secret-sink names where secrets are kept: the secret itself, bare or after file:/env:.
		for _, spec := range []string{v, "file:" + v, "env:" + v} {
			cases = append(cases,
				flagCase{"--secret-sink", v, append(c.fixFlags(), "rotate", "--client", auth0sim.ClientWeb, "--journal", journal(), "--secret-sink", spec, "--yes")},
				flagCase{"--secret-sink", v, append(c.fixFlags(), "verify", "--client", auth0sim.ClientWeb, "--secret-sink", spec)},
			)
		}
	}
	cases = append(cases,
		flagCase{"--auth-token-file", watchToken, watchArgs("--auth-token-file", watchToken)},
		flagCase{"--tls-key", keyPEM, watchArgs("--auth-token-file", tokenFile, "--tls-cert", certFile, "--tls-key", keyPEM)},
	)
	for _, fc := range cases {
		stdout, stderr, code := cli(t, fc.args...)
		shown := false
		for _, piece := range pieces(fc.value) {
			if strings.Contains(stdout+stderr, piece) {
				shown = true
			}
		}
		name := fc.args[0]
		if name == "fix" {
			name = "fix " + fc.args[len(c.fixFlags())]
		}
		if code == 0 || shown || !strings.Contains(stderr, fc.flag) {
			t.Errorf("%s %s VALUE: exit %d, value shown %v, flag named %v\n%.400s", name, fc.flag, code, shown, strings.Contains(stderr, fc.flag), stderr)
		}
	}
}

// pieces are the parts of a value whose appearance anywhere means it was shown: every
// 12-character window of each line of it.
func pieces(v string) []string {
	var out []string
	for _, line := range strings.Split(v, "\n") {
		if strings.HasPrefix(line, "-----") {
			continue
		}
		for i := 0; i+12 <= len(line); i += 6 {
			out = append(out, line[i:i+12])
		}
	}
	return out
}
