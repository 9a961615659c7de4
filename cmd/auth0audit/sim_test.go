package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// lockedBuffer lets the test read what the running command has written so far.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startSim runs "auth0audit sim args..." until the test ends and returns its parsed --json output.
func startSim(t *testing.T, args ...string) simInfo {
	t.Helper()
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		cmd := newSimCmd(iostreams.Test(nil, out, errOut))
		cmd.SetArgs(append([]string{"--json"}, args...))
		done <- cmd.ExecuteContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("sim: %v", err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var info simInfo
		if s := out.String(); strings.HasSuffix(s, "}\n") && json.Unmarshal([]byte(s), &info) == nil {
			return info
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("sim printed nothing usable; stdout %q stderr %q", out.String(), errOut.String())
	return simInfo{}
}

func TestSimCommandRevealsSecretsOnlyWhenAsked(t *testing.T) {
	hidden := startSim(t)
	for _, c := range hidden.Clients {
		if c.ClientSecret != "" {
			t.Fatalf("client %s secret printed without --reveal-secrets", c.ClientID)
		}
	}
	shown := startSim(t, "--reveal-secrets")
	var m2mSecret string
	for _, c := range shown.Clients {
		if c.ClientID == "m2m" {
			m2mSecret = c.ClientSecret
		}
	}
	if !strings.HasPrefix(shown.URL, "http://127.0.0.1:") || m2mSecret == "" {
		t.Fatalf("info = %+v", shown)
	}
	cc := clientcredentials.Config{ClientID: "m2m", ClientSecret: m2mSecret, TokenURL: shown.URL + "/oauth/token",
		EndpointParams: map[string][]string{"audience": {shown.ManagementAudience}}}
	if _, err := cc.Token(context.Background()); err != nil {
		t.Fatalf("the printed secret does not work against the printed URL: %v", err)
	}
}

func TestSimCommandRefusesNonLoopback(t *testing.T) {
	var out, errOut bytes.Buffer
	cmd := newSimCmd(iostreams.Test(nil, &out, &errOut))
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:8080", "example.com:80", "nonsense"} {
		cmd.SetArgs([]string{"--addr", addr})
		err := cmd.ExecuteContext(context.Background())
		if err == nil || !strings.Contains(err.Error(), "--addr") {
			t.Errorf("--addr %s: err = %v, want a refusal naming the flag", addr, err)
		}
	}
}

// TestSimCommandsRunAsPrinted: the printed export lines work when pasted into a shell, also
// when the temporary directory's path has a space or a quote in it.
func TestSimCommandsRunAsPrinted(t *testing.T) {
	tmp := filepath.Join(t.TempDir(), "my temp's dir")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	info := startSim(t, "--reveal-secrets")
	var want string
	for _, c := range info.Clients {
		if c.ClientID == "m2m" {
			want = c.ClientSecret
		}
	}
	var exports []string
	for _, c := range info.Commands {
		if strings.HasPrefix(c, "export ") {
			exports = append(exports, c)
		}
	}
	script := strings.Join(exports, "\n") + "\nprintf '%s|%s' \"$AUTH0_DOMAIN\" \"$AUTH0_CLIENT_SECRET\""
	out, err := exec.Command("sh", "-c", script).CombinedOutput()
	if err != nil || string(out) != info.Domain+"|"+want {
		t.Errorf("the printed exports, run by sh: %v, %q\n%s", err, out, script)
	}
}
