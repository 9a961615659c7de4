package remediate

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// testEnv is a simulated tenant and an engine wired to it the way the CLI wires it: the real
// go-auth0 client, client credentials of the seeded M2M client, the rate-limit transport.
type testEnv struct {
	srv       *auth0sim.Server
	eng       *Engine
	transport *ratelimit.Transport
	dir       string
}

func newTestEnv(t *testing.T, cfg auth0sim.Config) *testEnv {
	t.Helper()
	srv := auth0sim.StartTest(t, cfg)
	env := &testEnv{srv: srv, dir: t.TempDir()}
	env.transport = &ratelimit.Transport{Base: http.DefaultTransport}
	tenant := Tenant{Domain: srv.Domain(), Insecure: true, HTTP: &http.Client{Transport: env.transport, Timeout: 20 * time.Second}}
	api, err := tenant.WithClientCredentials(context.Background(), auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M))
	if err != nil {
		t.Fatal(err)
	}
	env.eng = &Engine{Tenant: tenant, API: api, SelfClientID: auth0sim.ClientM2M,
		Confirm:    func(string) (bool, error) { return true, nil },
		RetryWait:  10 * time.Millisecond,
		Settle:     30 * time.Millisecond,
		MarkerWait: 5 * time.Millisecond,
		LockDir:    filepath.Join(env.dir, "locks"),
		Sink:       &sink.File{Path: filepath.Join(env.dir, "secrets") + "/"},
		Progress:   func(f string, a ...any) { t.Logf(f, a...) },
	}
	env.openJournal(t, "")
	return env
}

// openJournal (re)opens the journal file, as a new process would.
func (env *testEnv) openJournal(t *testing.T, digest string) {
	t.Helper()
	if env.eng.Journal != nil {
		env.eng.Journal.Close()
	}
	j, err := journal.Open(filepath.Join(env.dir, "journal.jsonl"), env.srv.Domain(), digest)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	env.eng.Journal = j
}

// sinkSecret is the sink's current secret for clientID.
func (env *testEnv) sinkSecret(t *testing.T, clientID string) string {
	t.Helper()
	s, err := sink.Current(env.eng.Sink, clientID)
	if err != nil {
		t.Fatalf("sink: %v", err)
	}
	return s
}

// stages is the sink's stages for clientID.
func (env *testEnv) stages(t *testing.T, clientID string) sink.Stages {
	t.Helper()
	st, err := env.eng.Sink.Read(clientID)
	if err != nil {
		t.Fatalf("sink: %v", err)
	}
	return st
}

// assertVerified checks what "done" promises: the sink holds what the tenant holds, and
// /oauth/token accepts it.
func (env *testEnv) assertVerified(t *testing.T, clientID string) {
	t.Helper()
	got, want := env.sinkSecret(t, clientID), env.srv.ClientSecret(clientID)
	if got != want {
		t.Fatalf("the sink's secret for %s is not the tenant's", clientID)
	}
	res, err := env.eng.Tenant.Probe(context.Background(), clientID, got, "")
	if err != nil || !res.Authenticates() {
		t.Fatalf("/oauth/token does not accept the sink's secret for %s: %v %v", clientID, res, err)
	}
	if md := env.srv.ClientMetadata(clientID); md[MarkerKey] != "" {
		t.Fatalf("the in-progress marker was left on %s: %q", clientID, md[MarkerKey])
	}
}

// must returns a function that fails the test on a minting error: must(t)(srv.MintX(...)).
func must(t *testing.T) func(string, error) string {
	return func(tok string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
}

func hasIdentityIn(u auth0sim.User, provider, id string) bool {
	for _, i := range u.Identities {
		if i.Provider == provider && i.UserID == id {
			return true
		}
	}
	return false
}
