package main

// The fault matrix of the remediation engine, run for each secret store (issue 14): a store
// that fails the pending write (the tenant must not change), fails the promotion (the run ends
// needs-attention with the secret recoverable from the store's pending version, and a rerun
// finishes it), a concurrent writer at the promotion (the store's check-and-set refuses,
// nothing is lost), and a crash (kill -9) at each of the store's writes, followed by a resume.
// Every run is also checked for leaks: its output, the journal, the process arguments, and
// the arguments and environment each exec: command was started with.
//
// Stores: Vault KV v2 and Kubernetes Secrets (the fakes of sinktest, through a fault proxy),
// exec: (remediate/sink/testdata/exec-faulty.sh), and AWS Secrets Manager (moto_server through
// a fault proxy; only in a binary built with -tags awssm, see faultmatrix_awssm_test.go).

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/remediate/sink/sinktest"
)

// storeCase is one secret store under the fault matrix.
type storeCase struct {
	name string
	spec string
	sink sink.Sink
	// fault acts at the n-th write of a run (1: staging; 2: the promotion) with act: "fail"
	// (that write and every later one, until clear), "kill-before", "kill-after", or "race"
	// (another writer makes other the current value just before the write reaches the store).
	fault func(n int, act, other string, kill func())
	clear func()
	// leakFiles are extra files to search for secrets (what exec: commands were given).
	leakFiles func() []string
	// afterRotate checks the store after a verified rotation from old to new (nil: nothing
	// beyond the sink's current stage).
	afterRotate func(t *testing.T, old, new string)
}

// proxyFault builds fault for a store behind a sinktest.Proxy: isWrite tells the store's
// writes; race writes the store as another writer.
func proxyFault(p *sinktest.Proxy, isWrite func(op string, body []byte) bool, race func(value string)) func(int, string, string, func()) {
	return func(n int, act, other string, kill func()) {
		var mu sync.Mutex
		seen := 0
		match := func(op string, body []byte) bool {
			if !isWrite(op, body) {
				return false
			}
			mu.Lock()
			defer mu.Unlock()
			seen++
			// A failing store keeps failing (clients retry: the AWS SDK does) until cleared.
			return seen == n || (act == "fail" && seen > n)
		}
		h := sinktest.Hook{Match: match}
		switch act {
		case "fail":
			h.Before = func() int { return 500 }
		case "kill-before":
			h.Before = func() int { kill(); return 503 }
		case "kill-after":
			h.After = func() int { kill(); return 503 }
		case "race":
			h.Before = func() int { race(other); return 0 }
		}
		p.Set(h)
	}
}

func vaultCase(t *testing.T, c *cliEnv) *storeCase {
	kv := sinktest.StartVaultKV(t)
	p := sinktest.StartProxy(t, kv.URL)
	t.Setenv("VAULT_ADDR", p.URL)
	t.Setenv("VAULT_TOKEN", kv.Token)
	t.Setenv("VAULT_NAMESPACE", "")
	kv.Write("secret/auth0/web", map[string]string{"client_secret": c.srv.ClientSecret(auth0sim.ClientWeb), "db_password": "keep-me"})
	sk, err := sink.ParseVault("secret/auth0/web", os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	isWrite := func(op string, _ []byte) bool { return op == "POST /v1/secret/data/auth0/web" }
	race := func(v string) { // `vault kv patch`: the other keys kept
		vers := kv.Versions("secret/auth0/web")
		data := vers[len(vers)-1]
		data["client_secret"] = v
		kv.Write("secret/auth0/web", data)
	}
	return &storeCase{name: "vault", spec: "vault:secret/auth0/web", sink: sk, fault: proxyFault(p, isWrite, race), clear: p.Clear}
}

func kubeCase(t *testing.T, c *cliEnv) *storeCase {
	api := sinktest.StartKubeAPI(t)
	p := sinktest.StartProxy(t, api.URL)
	kc := api.Kubeconfig(t, c.dir)
	b, _ := os.ReadFile(kc)
	os.WriteFile(kc, []byte(strings.Replace(string(b), api.URL, p.URL, 1)), 0o600)
	t.Setenv("KUBECONFIG", kc)
	api.Put("apps", "auth0-web", map[string]string{"client_secret": c.srv.ClientSecret(auth0sim.ClientWeb), "client_id": auth0sim.ClientWeb}, false)
	sk, err := sink.ParseKube("apps/auth0-web", os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	isWrite := func(op string, _ []byte) bool { return op == "PUT /api/v1/namespaces/apps/secrets/auth0-web" } // not ?dryRun=All
	race := func(v string) {
		data := api.Data("apps", "auth0-web")
		data["client_secret"] = v
		api.Put("apps", "auth0-web", data, false)
	}
	return &storeCase{name: "k8s", spec: "k8s:apps/auth0-web", sink: sk, fault: proxyFault(p, isWrite, race), clear: p.Clear}
}

func execCase(t *testing.T, c *cliEnv) *storeCase {
	dir := filepath.Join(c.dir, "exec-store")
	os.MkdirAll(dir, 0o700)
	script, err := filepath.Abs("../../remediate/sink/testdata/exec-faulty.sh")
	if err != nil {
		t.Fatal(err)
	}
	command := script + " " + dir
	os.WriteFile(filepath.Join(dir, auth0sim.ClientWeb+".current"), []byte(c.srv.ClientSecret(auth0sim.ClientWeb)), 0o600)
	sk, err := sink.ParseExec(command)
	if err != nil {
		t.Fatal(err)
	}
	// The n-th write of the set-secret flow: 1 = set pending; 2 = the promotion's set current.
	opOf := map[int]string{1: "set-pending", 2: "set-current"}
	flag := func(name string) { os.WriteFile(filepath.Join(dir, name), nil, 0o600) }
	sc := &storeCase{name: "exec", spec: "exec:" + command, sink: sk}
	sc.fault = func(n int, act, other string, _ func()) {
		op := opOf[n]
		switch act {
		case "fail":
			flag(".fail-" + op)
		case "kill-before", "kill-after":
			flag("." + act + "-" + op)
		case "race":
			// An exec: command offers no check-and-set of its own: the store's re-read before
			// writing is its check. The other writer lands after the engine read the stages for
			// the promotion (at the last read of that read, once the tenant changed) and before
			// that re-read.
			hook := []byte("printf %s '" + other + "' > '" + filepath.Join(dir, auth0sim.ClientWeb+".current") + "'\n")
			var once sync.Once
			c.srv.SetHook("patch-client", auth0sim.Hook{After: func(*http.Request) bool {
				if changed(c.srv) {
					once.Do(func() { os.WriteFile(filepath.Join(dir, ".hook-before-get-previous"), hook, 0o600) })
				}
				return true
			}})
		}
	}
	sc.clear = func() {
		c.srv.ClearHooks()
		for _, pat := range []string{".fail-*", ".kill-*", ".hook-*"} {
			m, _ := filepath.Glob(filepath.Join(dir, pat))
			for _, f := range m {
				os.Remove(f)
			}
		}
	}
	sc.leakFiles = func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".proc", "*"))
		return m
	}
	return sc
}

// storeNames lists the stores without starting them (subtests are named before they run).
func storeNames() []string {
	names := []string{"vault", "k8s", "exec"}
	if awsStoreBuilt {
		names = append(names, "aws-sm")
	}
	return names
}

func storeCaseNamed(t *testing.T, c *cliEnv, name string) *storeCase {
	var sc *storeCase
	switch name {
	case "vault":
		sc = vaultCase(t, c)
	case "k8s":
		sc = kubeCase(t, c)
	case "exec":
		sc = execCase(t, c)
	default:
		sc = awsStoreCase(t, c)
	}
	return sc
}

// leakCheck searches everything a run left for the secrets.
func (c *cliEnv) leakCheck(t *testing.T, sc *storeCase, jpath string, runs []cliRun, secrets map[string]string) {
	t.Helper()
	outputs := map[string]string{}
	for i, r := range runs {
		outputs["stdout of run "+string(rune('1'+i))] = r.stdout
		outputs["stderr of run "+string(rune('1'+i))] = r.stderr
		outputs["arguments of run "+string(rune('1'+i))] = strings.Join(r.args, "\x00")
	}
	if b, err := os.ReadFile(jpath); err == nil {
		outputs["journal"] = string(b)
	}
	if sc.leakFiles != nil {
		files := sc.leakFiles()
		if len(files) == 0 {
			t.Error("no exec: command recorded its arguments and environment: the leak check saw nothing")
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			outputs[filepath.Base(f)] = string(b)
		}
	}
	if leaks := findLeaks(outputs, secrets); len(leaks) > 0 {
		t.Errorf("secrets leaked: %v", leaks)
	}
}

func TestFaultMatrixStores(t *testing.T) {
	for _, name := range storeNames() {
		t.Run(name, func(t *testing.T) {
			t.Run("rotate", func(t *testing.T) {
				c := newCLIEnv(t)
				sc := storeCaseNamed(t, c, name)
				old := c.srv.ClientSecret(auth0sim.ClientWeb)
				jpath := c.path("j")
				r := c.run("", rotateArgs(auth0sim.ClientWeb, jpath, sc.spec)...)
				c.check(t, r, auth0sim.ClientWeb, sc.sink, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
				if sc.afterRotate != nil {
					sc.afterRotate(t, old, c.srv.ClientSecret(auth0sim.ClientWeb))
				}
				c.leakCheck(t, sc, jpath, []cliRun{r}, map[string]string{"old secret": old, "new secret": c.srv.ClientSecret(auth0sim.ClientWeb)})
			})
			t.Run("the pending write fails: the tenant does not change", func(t *testing.T) {
				c := newCLIEnv(t)
				sc := storeCaseNamed(t, c, name)
				old := c.srv.ClientSecret(auth0sim.ClientWeb)
				sc.fault(1, "fail", "", nil)
				jpath := c.path("j")
				r := c.run("", setSecretArgs(auth0sim.ClientWeb, jpath, sc.spec, "--yes")...)
				c.check(t, r, auth0sim.ClientWeb, nil, jpath, "set-secret:web", want{exit: exitNeedsAttention, secretChanges: 0, rotations: 0, state: journal.NeedsAttention})
				if st, err := sc.sink.Read(auth0sim.ClientWeb); err != nil || st.Current != old || st.Pending != "" {
					t.Fatalf("the store after a failed staging: %v %v", st, err)
				}
				if !strings.Contains(flat(r.stdout), "nothing was changed on the tenant") {
					t.Fatalf("%s", r.stdout)
				}
				c.leakCheck(t, sc, jpath, []cliRun{r}, map[string]string{"old secret": old})
			})
			t.Run("the promotion fails: recoverable from pending, then finished", func(t *testing.T) {
				c := newCLIEnv(t)
				sc := storeCaseNamed(t, c, name)
				old := c.srv.ClientSecret(auth0sim.ClientWeb)
				sc.fault(2, "fail", "", nil)
				jpath := c.path("j")
				args := setSecretArgs(auth0sim.ClientWeb, jpath, sc.spec, "--yes")
				r1 := c.run("", args...)
				c.check(t, r1, auth0sim.ClientWeb, nil, jpath, "set-secret:web", want{exit: exitNeedsAttention, secretChanges: 1, rotations: 0, state: journal.NeedsAttention})
				st, err := sc.sink.Read(auth0sim.ClientWeb)
				if err != nil || st.Pending == "" || st.Pending != c.srv.ClientSecret(auth0sim.ClientWeb) || st.Current != old {
					t.Fatalf("the tenant's new secret is not recoverable from the store's pending version: %v %v", st, err)
				}
				sc.clear()
				r2 := c.run("", args...)
				c.check(t, r2, auth0sim.ClientWeb, sc.sink, jpath, "set-secret:web", want{exit: 0, secretChanges: 1, rotations: 0, state: journal.Done, verified: true})
				c.leakCheck(t, sc, jpath, []cliRun{r1, r2}, map[string]string{"old secret": old, "new secret": c.srv.ClientSecret(auth0sim.ClientWeb)})
			})
			t.Run("a concurrent writer at the promotion: refused, nothing lost", func(t *testing.T) {
				c := newCLIEnv(t)
				sc := storeCaseNamed(t, c, name)
				old := c.srv.ClientSecret(auth0sim.ClientWeb)
				other := "another-writers-secret-" + sinktest.RandHex(8)
				sc.fault(2, "race", other, nil)
				jpath := c.path("j")
				r := c.run("", setSecretArgs(auth0sim.ClientWeb, jpath, sc.spec, "--yes")...)
				c.check(t, r, auth0sim.ClientWeb, nil, jpath, "set-secret:web", want{exit: exitNeedsAttention, secretChanges: 1, rotations: 0, state: journal.NeedsAttention})
				st, err := sc.sink.Read(auth0sim.ClientWeb)
				if err != nil || st.Current != other || st.Pending != c.srv.ClientSecret(auth0sim.ClientWeb) {
					t.Fatalf("after the race the store holds %v (%v): the other writer's value must be current and this run's secret pending", st, err)
				}
				c.leakCheck(t, sc, jpath, []cliRun{r}, map[string]string{"old secret": old, "new secret": c.srv.ClientSecret(auth0sim.ClientWeb), "other": other})
			})
			for _, kp := range []struct {
				n   int
				act string
			}{{1, "kill-after"}, {2, "kill-before"}, {2, "kill-after"}} {
				t.Run("crash "+kp.act+" write "+string(rune('0'+kp.n))+", then resume", func(t *testing.T) {
					if testing.Short() {
						t.Skip("starts child processes")
					}
					c := newCLIEnv(t)
					sc := storeCaseNamed(t, c, name)
					old := c.srv.ClientSecret(auth0sim.ClientWeb)
					jpath := c.path("j")
					args := append(setSecretArgs(auth0sim.ClientWeb, jpath, sc.spec, "--yes"), "--lock-dir", c.path("locks"))
					var ch *child
					sc.fault(kp.n, kp.act, "", func() { ch.kill() })
					ch = c.start(t, args...)
					killed := ch.wait(t)
					if killed.code != -1 {
						t.Fatalf("the child was not killed (exit %d)\n%s%s", killed.code, killed.stdout, killed.stderr)
					}
					sc.clear()
					staged, _ := sc.sink.Read(auth0sim.ClientWeb)
					r := c.run("", args...)
					c.check(t, r, auth0sim.ClientWeb, sc.sink, jpath, "set-secret:web", want{exit: 0, secretChanges: 1, rotations: 0, state: journal.Done, verified: true})
					if staged.Pending != "" && c.srv.ClientSecret(auth0sim.ClientWeb) != staged.Pending {
						t.Fatal("the tenant does not hold the secret the killed run staged")
					}
					c.leakCheck(t, sc, jpath, []cliRun{killed, r}, map[string]string{"old secret": old, "new secret": c.srv.ClientSecret(auth0sim.ClientWeb)})
				})
			}
		})
	}
}
