package sink

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/remediate/sink/sinktest"
)

// envOf turns a map into a getenv.
func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// vaultStore returns a vault: store on a fresh fake.
func vaultStore(t *testing.T, spec string) (*Vault, *sinktest.VaultKV) {
	t.Helper()
	kv := sinktest.StartVaultKV(t)
	v, err := ParseVault(spec, envOf(map[string]string{"VAULT_ADDR": kv.URL, "VAULT_TOKEN": kv.Token, "VAULT_NAMESPACE": "team-a"}))
	must(t, err)
	return v, kv
}

func kubeStore(t *testing.T, spec string) (*Kube, *sinktest.KubeAPI) {
	t.Helper()
	api := sinktest.StartKubeAPI(t)
	k, err := ParseKube(spec, envOf(map[string]string{"KUBECONFIG": api.Kubeconfig(t, t.TempDir())}))
	must(t, err)
	return k, api
}

func execStore(t *testing.T) (*Exec, string) {
	t.Helper()
	dir := t.TempDir()
	script, _ := filepath.Abs("testdata/exec-faulty.sh")
	e, err := ParseExec("'" + script + "' " + dir)
	must(t, err)
	return e, dir
}

// TestSecretStoresLifecycle runs on the Vault, Kubernetes and exec stores the transitions the
// file stores are tested with: staging never touches current, promote sets exactly the staged
// value, previous is kept until dropped, and a write from stale stages changes nothing.
func TestSecretStoresLifecycle(t *testing.T) {
	v, _ := vaultStore(t, "secret/auth0/web")
	k, _ := kubeStore(t, "apps/auth0-web")
	e, _ := execStore(t)
	for name, s := range map[string]Sink{"vault": v, "k8s": k, "exec": e} {
		t.Run(name, func(t *testing.T) {
			id := "web"
			must(t, s.Preflight(id))
			st := read(t, s, id)
			if st != (Stages{}) {
				t.Fatalf("fresh store holds %v", st)
			}
			must(t, SetCurrent(s, id, "old-secret", st))
			st = read(t, s, id)
			must(t, Stage(s, id, "new-secret", st))
			st = read(t, s, id)
			if st.Current != "old-secret" || st.Pending != "new-secret" {
				t.Fatalf("after stage: %v", st)
			}
			if err := Promote(s, id, st, "not-the-staged"); err == nil {
				t.Fatal("promoted a value that is not the staged one")
			}
			must(t, Promote(s, id, st, "new-secret"))
			st = read(t, s, id)
			if st != (Stages{Current: "new-secret", Previous: "old-secret"}) {
				t.Fatalf("after promote: %+v", st)
			}
			must(t, DropPrevious(s, id, st))
			st = read(t, s, id)
			if st != (Stages{Current: "new-secret"}) {
				t.Fatalf("after drop: %v", st)
			}
			var conflict *ConflictError
			if err := SetCurrent(s, id, "x", Stages{Current: "stale"}); !errors.As(err, &conflict) {
				t.Fatalf("stale write: err = %v", err)
			}
			if got := read(t, s, id); got != st {
				t.Fatalf("a refused write changed the store: %v", got)
			}
			must(t, s.Preflight(id))
			err := CheckKnown(s, id, st, func(string) bool { return false })
			if !errors.Is(err, ErrUnknownValue) || !strings.Contains(err.Error(), s.Where(id, SlotCurrent)) {
				t.Fatalf("CheckKnown: %v", err)
			}
		})
	}
}

// TestVaultKeepsHistoryAndOtherKeys: every write is a new version made with cas on the
// version read; other keys survive; the previous secret stays readable in the history after
// it is dropped; a writer that slipped in between read and write is refused by Vault itself.
func TestVaultKeepsHistoryAndOtherKeys(t *testing.T) {
	v, kv := vaultStore(t, "secret/auth0/web")
	kv.Write("secret/auth0/web", map[string]string{"client_id": "web", "client_secret": "s0", "db_password": "keep-me"})
	must(t, v.Preflight("web"))
	st := read(t, v, "web")
	must(t, Stage(v, "web", "s1", st))
	must(t, Promote(v, "web", read(t, v, "web"), "s1"))
	must(t, DropPrevious(v, "web", read(t, v, "web")))
	vers := kv.Versions("secret/auth0/web")
	if len(vers) != 4 {
		t.Fatalf("%d versions, want 4 (initial, stage, promote, drop)", len(vers))
	}
	last := vers[3]
	if last["client_secret"] != "s1" || last["db_password"] != "keep-me" || last["client_id"] != "web" || len(last) != 3 {
		t.Fatalf("latest version: %v", last)
	}
	if vers[2]["client_secret_previous"] != "s0" || vers[1]["client_secret_pending"] != "s1" || vers[1]["client_secret"] != "s0" {
		t.Fatalf("history: %v", vers)
	}
	if w := v.Where("web", SlotCurrent); !strings.Contains(w, "(version 4)") {
		t.Fatalf("Where does not name the version read: %s", w)
	}
	for _, ns := range kv.Namespaces() {
		if ns != "team-a" {
			t.Fatalf("a request without VAULT_NAMESPACE's header: %q", ns)
		}
	}

	// The stages were read at version 4; another writer makes version 5 before the write: the
	// store's own re-read sees it...
	st = read(t, v, "web")
	kv.Write("secret/auth0/web", map[string]string{"client_secret": "someone-else"})
	var conflict *ConflictError
	if err := Stage(v, "web", "s2", st); !errors.As(err, &conflict) {
		t.Fatalf("write over another writer: %v", err)
	}
	// ...and Vault's check-and-set refuses a write whose cas is stale (the window between the
	// re-read and the write), with its real 400 answer.
	status, body, err := v.call("POST", v.url("secret", "data", "auth0/web"), map[string]any{"options": map[string]int{"cas": 4}, "data": map[string]string{"client_secret": "x"}})
	if err != nil || status != 400 || !strings.Contains(string(body), "check-and-set parameter did not match the current version") {
		t.Fatalf("stale cas: %d %s %v", status, body, err)
	}
	if got := kv.Versions("secret/auth0/web"); got[len(got)-1]["client_secret"] != "someone-else" {
		t.Fatal("the other writer's version was overwritten")
	}
}

func TestVaultRefusals(t *testing.T) {
	kv := sinktest.StartVaultKV(t)
	env := map[string]string{"VAULT_ADDR": kv.URL, "VAULT_TOKEN": kv.Token}
	for spec, want := range map[string]string{
		"secret":            "want vault:MOUNT/PATH",
		"secret/":           "want vault:MOUNT/PATH",
		"secret/a/../b":     "'..'",
		"secret/auth0/web#": "names no key",
	} {
		if _, err := ParseVault(spec, envOf(env)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", spec, err, want)
		}
	}
	if _, err := ParseVault("secret/x", envOf(map[string]string{"VAULT_ADDR": "http://vault.example.com:8200", "VAULT_TOKEN": "t"})); err == nil ||
		!strings.Contains(err.Error(), "clear text") {
		t.Errorf("plain http to another host: %v", err)
	}
	if _, err := ParseVault("secret/x", envOf(map[string]string{"VAULT_ADDR": kv.URL, "VAULT_TOKEN": "t", "VAULT_SKIP_VERIFY": "true"})); err == nil {
		t.Error("VAULT_SKIP_VERIFY accepted")
	}
	t.Setenv("HOME", t.TempDir())
	if _, err := ParseVault("secret/x", envOf(map[string]string{"VAULT_ADDR": kv.URL})); err == nil || !strings.Contains(err.Error(), "VAULT_TOKEN") {
		t.Errorf("no token: %v", err)
	}
	// The token file `vault login` writes is used when VAULT_TOKEN is unset.
	os.WriteFile(filepath.Join(os.Getenv("HOME"), ".vault-token"), []byte(kv.Token+"\n"), 0o600)
	v, err := ParseVault("secret/x", envOf(map[string]string{"VAULT_ADDR": kv.URL}))
	must(t, err)
	must(t, v.Preflight("web"))

	// A KV v1 mount, a path the token may not write, a wrong token: refused before anything.
	v1, _ := ParseVault("kv1/auth0/web", envOf(env))
	if err := v1.Preflight("web"); err == nil || !strings.Contains(err.Error(), "not KV version 2") {
		t.Errorf("KV v1 mount: %v", err)
	}
	kv.Deny("secret/data/locked")
	locked, _ := ParseVault("secret/locked", envOf(env))
	if err := locked.Preflight("web"); err == nil || !strings.Contains(err.Error(), "may not read and write") {
		t.Errorf("denied path: %v", err)
	}
	bad, _ := ParseVault("secret/x", envOf(map[string]string{"VAULT_ADDR": kv.URL, "VAULT_TOKEN": "wrong"}))
	if err := bad.Preflight("web"); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("wrong token: %v", err)
	}
	// One secret per client under a path ending in '/'.
	per, _ := ParseVault("secret/auth0/", envOf(env))
	if per.HoldsOneClient() {
		t.Fatal("vault:MOUNT/PATH/ holds one client")
	}
	must(t, SetCurrent(per, "spa", "v", Stages{}))
	if got := kv.Versions("secret/auth0/spa"); len(got) != 1 || got[0]["client_secret"] != "v" {
		t.Fatalf("per-client path: %v", got)
	}
	// A deleted latest version reads as empty; the next write names it in cas.
	req, _ := ParseVault("secret/del", envOf(env))
	must(t, SetCurrent(req, "web", "a", Stages{}))
	status, _, _ := req.call("DELETE", req.url("secret", "data", "del"), nil)
	if status != 204 {
		t.Fatal(status)
	}
	if st := read(t, req, "web"); st != (Stages{}) {
		t.Fatalf("deleted version read as %v", st)
	}
	must(t, SetCurrent(req, "web", "b", Stages{}))
}

// TestKubeOptimisticConcurrency: updates carry the resourceVersion read; another writer in
// between makes the API server answer 409 and nothing is overwritten; other keys and labels
// are kept; the Secret is created when missing; immutable and forbidden Secrets are refused
// in Preflight (a server-side dry run), before the tenant changes.
func TestKubeOptimisticConcurrency(t *testing.T) {
	k, api := kubeStore(t, "apps/auth0-web#CLIENT_SECRET")
	api.Put("apps", "auth0-web", map[string]string{"CLIENT_SECRET": "s0", "CLIENT_ID": "web"}, false)
	must(t, k.Preflight("web"))
	if api.Writes() != 0 {
		t.Fatal("Preflight's dry run changed the Secret")
	}
	must(t, Stage(k, "web", "s1", read(t, k, "web")))
	if d := api.Data("apps", "auth0-web"); d["CLIENT_SECRET_PENDING"] != "s1" || d["CLIENT_SECRET"] != "s0" || d["CLIENT_ID"] != "web" {
		t.Fatalf("after staging: %v", d)
	}
	// Another writer changes the Secret between this run's read and its update: the API
	// server's resourceVersion check refuses the update.
	s, err := k.get()
	must(t, err)
	api.Put("apps", "auth0-web", map[string]string{"CLIENT_SECRET": "s0", "CLIENT_SECRET_PENDING": "s1", "CLIENT_ID": "web", "OTHER": "x"}, false)
	obj := s.obj
	obj["data"] = encodeData(map[string]string{"CLIENT_SECRET": "s1"})
	status, body, err := k.call("PUT", k.secretURL(k.Name, nil), obj)
	if err != nil || status != 409 || !strings.Contains(string(body), `"reason":"Conflict"`) {
		t.Fatalf("stale update: %d %s %v", status, body, err)
	}
	if d := api.Data("apps", "auth0-web"); d["OTHER"] != "x" || d["CLIENT_SECRET"] != "s0" {
		t.Fatalf("the other writer's update was lost: %v", d)
	}
	must(t, Promote(k, "web", read(t, k, "web"), "s1"))
	d := api.Data("apps", "auth0-web")
	if d["CLIENT_SECRET"] != "s1" || d["CLIENT_SECRET_PREVIOUS"] != "s0" || d["OTHER"] != "x" || d["CLIENT_SECRET_PENDING"] != "" {
		t.Fatalf("after promote: %v", d)
	}

	fresh, api2 := kubeStore(t, "apps/new-secret")
	must(t, fresh.Preflight("web"))
	must(t, SetCurrent(fresh, "web", "v1", Stages{}))
	if d := api2.Data("apps", "new-secret"); d["client_secret"] != "v1" {
		t.Fatalf("created: %v", d)
	}
	api2.Put("apps", "frozen", map[string]string{"client_secret": "v"}, true)
	frozen, err := ParseKube("apps/frozen", envOf(map[string]string{"KUBECONFIG": api2.Kubeconfig(t, t.TempDir())}))
	must(t, err)
	if err := frozen.Preflight("web"); err == nil || !strings.Contains(err.Error(), "immutable") {
		t.Fatalf("immutable: %v", err)
	}
	api2.Forbid("update")
	if err := fresh.Preflight("web"); err == nil || !strings.Contains(err.Error(), "RBAC") {
		t.Fatalf("forbidden: %v", err)
	}
}

func TestKubeConfigRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	insecure := write("insecure", "clusters:\n- name: c\n  cluster:\n    server: https://k8s.example.com\n    insecure-skip-tls-verify: true\n"+
		"contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\nusers:\n- name: u\n  user: {token: t}\n")
	plain := write("plain", "clusters:\n- name: c\n  cluster:\n    server: http://k8s.example.com\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"+
		"current-context: x\nusers:\n- name: u\n  user: {token: t}\n")
	nocontext := write("nocontext", "clusters: []\n")
	for file, want := range map[string]string{insecure: "insecure-skip-tls-verify", plain: "clear text", nocontext: "current-context"} {
		if _, err := ParseKube("apps/x", envOf(map[string]string{"KUBECONFIG": file})); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(file), err, want)
		}
	}
	for _, spec := range []string{"Apps/x", "apps", "apps/x#bad key", "apps/UPPER"} {
		if _, err := ParseKube(spec, envOf(map[string]string{"KUBECONFIG": plain})); err == nil {
			t.Errorf("%s accepted", spec)
		}
	}
	t.Setenv("HOME", t.TempDir())
	if _, err := ParseKube("apps/x", envOf(nil)); !errors.Is(err, errNoKubeConfig) {
		t.Errorf("nothing configured: %v", err)
	}
}

// TestKubeExecCredentialPlugin: a kubeconfig user with an exec plugin (as EKS and GKE write
// them) gets its token from the plugin's ExecCredential, and the plugin does not see the
// tool's own Auth0 credentials.
func TestKubeExecCredentialPlugin(t *testing.T) {
	api := sinktest.StartKubeAPI(t)
	dir := t.TempDir()
	plugin := filepath.Join(dir, "get-token.sh")
	os.WriteFile(plugin, []byte("#!/bin/sh\nenv > \"$(dirname \"$0\")/plugin.env\"\n"+
		`printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN"`+"\n"), 0o700)
	kc := filepath.Join(dir, "kubeconfig")
	os.WriteFile(kc, []byte("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "+api.URL+"\n"+
		"contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\nusers:\n- name: u\n  user:\n    exec:\n"+
		"      apiVersion: client.authentication.k8s.io/v1\n      command: ./get-token.sh\n      env:\n      - name: TOKEN\n        value: "+api.Token+"\n"), 0o600)
	t.Setenv("AUTH0_CLIENT_SECRET", "the-tools-own-secret")
	k, err := ParseKube("apps/x", envOf(map[string]string{"KUBECONFIG": kc}))
	must(t, err)
	must(t, k.Preflight("web"))
	must(t, SetCurrent(k, "web", "v", Stages{}))
	b, _ := os.ReadFile(filepath.Join(dir, "plugin.env"))
	if !strings.Contains(string(b), "KUBERNETES_EXEC_INFO=") || strings.Contains(string(b), "the-tools-own-secret") {
		t.Fatalf("plugin environment:\n%s", b)
	}
}

// TestExecStoreContract: values travel on stdin/stdout only; a failing command's stderr is in
// the error without the secret; a store that cannot be read back is refused by Preflight.
func TestExecStoreContract(t *testing.T) {
	e, dir := execStore(t)
	t.Setenv("AUTH0_CLIENT_SECRET", "the-tools-own-secret")
	must(t, e.Preflight("web"))
	secret := "s3cr3t-value-0123456789"
	must(t, SetCurrent(e, "web", secret, Stages{}))
	b, _ := os.ReadFile(filepath.Join(dir, "web.current"))
	if string(b) != secret {
		t.Fatalf("stored %q (no newline may be added)", b)
	}
	if st, _ := os.Stat(filepath.Join(dir, "web.current")); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	procs, _ := filepath.Glob(filepath.Join(dir, ".proc", "*"))
	if len(procs) < 4 {
		t.Fatalf("the command ran %d times?", len(procs)/2)
	}
	for _, p := range procs {
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), secret) || strings.Contains(string(b), "the-tools-own-secret") {
			t.Fatalf("%s holds a secret:\n%s", filepath.Base(p), b)
		}
	}
	os.WriteFile(filepath.Join(dir, ".fail-set-pending"), nil, 0o600)
	err := Stage(e, "web", "pending-"+secret, read(t, e, "web"))
	if err == nil || !strings.Contains(err.Error(), "test fault") || strings.Contains(err.Error(), secret) {
		t.Fatalf("failed set: %v", err)
	}
	// A store whose `get` fails (write-only, as GitHub Actions secrets are) is refused.
	os.WriteFile(filepath.Join(dir, ".fail-get-current"), nil, 0o600)
	if err := e.Preflight("web"); err == nil || !strings.Contains(err.Error(), "cannot be read back") {
		t.Fatalf("write-only store: %v", err)
	}
	if _, err := ParseExec(""); err == nil {
		t.Fatal("empty command accepted")
	}
	if _, err := ParseExec(`"unclosed`); err == nil {
		t.Fatal("unbalanced quote accepted")
	}
}

func TestParseNamesEveryStore(t *testing.T) {
	if _, err := Parse("aws-sm:x", false, nil); err == nil || !strings.Contains(err.Error(), "-tags awssm") {
		t.Errorf("aws-sm without the tag: %v", err)
	}
	if _, err := Parse("s3:x", false, nil); err == nil || !strings.Contains(err.Error(), "vault:MOUNT/PATH") {
		t.Errorf("unknown kind: %v", err)
	}
	opened := ""
	_, err := ParseWith("aws-sm:x", false, nil, map[string]Opener{"aws-sm": func(spec string) (Sink, error) { opened = spec; return nil, nil }})
	if err != nil || opened != "aws-sm:x" {
		t.Errorf("ParseWith: %v %q", err, opened)
	}
}

// TestExecErrorNeverHoldsPartOfASecret: a failing command's standard error goes into the
// error, cut to its last 500 bytes. A wrapper that traced the value (sh -x, a CLI's debug
// output) and then printed a few hundred more bytes had the cut fall inside the secret, and
// the tail of the secret, no longer matching the whole value, escaped the scrubbing.
func TestExecErrorNeverHoldsPartOfASecret(t *testing.T) {
	e, err := ParseExec(`sh -c '[ "$1" = get ] && exit 0; v=$(cat); printf "trace: %s\n" "$v" >&2; printf "%0450d\n" 0 >&2; exit 1' wrapper`)
	must(t, err)
	secret := strings.Repeat("Ab9", 21) + "Z" // 64 characters
	err = e.Write("web", Stages{}, Stages{Pending: secret})
	if err == nil {
		t.Fatal("a failing command succeeded")
	}
	if tail := secret[len(secret)-16:]; strings.Contains(err.Error(), tail) {
		t.Fatalf("the error holds the end of the secret (%q): %v", tail, err)
	}
}

// TestExecCommandThatDropsWrites: a command whose `set` exits 0 without storing (a wrapper
// that lost its `set -e`, a CLI that queues the write) made Write succeed; a rotation then
// ended with "something else wrote the sink during the run". The write is read back and the
// error says what the command did.
func TestExecCommandThatDropsWrites(t *testing.T) {
	dir := t.TempDir()
	store, _ := filepath.Abs("testdata/exec-store.sh")
	e, err := ParseExec(`sh -c '[ "$2" = set ] && [ "$3" = current ] && { cat >/dev/null; exit 0; }; exec "$0" "$@"' '` + store + `' ` + dir)
	must(t, err)
	err = e.Write("web", Stages{}, Stages{Current: "the-new-secret-0123"})
	if err == nil || !strings.Contains(err.Error(), "exited 0") || !strings.Contains(err.Error(), "set current web") ||
		strings.Contains(err.Error(), "the-new-secret-0123") {
		t.Fatalf("a dropped write: %v", err)
	}
}

// TestExecBackgroundChildHoldingOutput: a command that exits but leaves a process holding its
// output (an agent it starts, `cmd &`) was refused with Go's "exec: WaitDelay expired before
// I/O complete"; the message now says what happened and what to do.
func TestExecBackgroundChildHoldingOutput(t *testing.T) {
	e, err := ParseExec(`sh -c 'sleep 8 & exit 0'`)
	must(t, err)
	err = e.Preflight("web")
	if err == nil || !strings.Contains(err.Error(), "still holds its output") {
		t.Fatalf("a background child holding the output: %v", err)
	}
}
