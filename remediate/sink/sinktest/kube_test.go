package sinktest

import (
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Answers of a real kube-apiserver (1.37.2 with etcd 3.7.0, built from the Go module proxy and
// run on this project's machine once, by hand: too heavy for CI; see the README's
// secret-store section), for a Secret "auth0" and a missing Secret "nope".
const (
	recordedKubeConflict = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on secrets \"auth0\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"auth0","kind":"secrets"},"code":409}`
	recordedKubeNotFound = `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"nope\" not found","reason":"NotFound","details":{"name":"nope","kind":"secrets"},"code":404}`
)

func kubeDo(t *testing.T, k *KubeAPI, method, path, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, k.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+k.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func sameKubeBody(t *testing.T, what string, got []byte, recorded string) {
	t.Helper()
	var g, r any
	json.Unmarshal(got, &g)
	json.Unmarshal([]byte(recorded), &r)
	gj, _ := json.Marshal(g)
	rj, _ := json.Marshal(r)
	if string(gj) != string(rj) {
		t.Errorf("%s: the fake answers %s\na real kube-apiserver %s", what, gj, rj)
	}
}

func TestKubeFakeAnswersAsRecordedRealAPIServer(t *testing.T) {
	k := StartKubeAPI(t)
	k.Put("apps", "auth0", map[string]string{"client_secret": "s1"}, false)
	status, b := kubeDo(t, k, "GET", "/api/v1/namespaces/apps/secrets/auth0", "")
	if status != 200 {
		t.Fatalf("get: %d %s", status, b)
	}
	var obj map[string]any
	json.Unmarshal(b, &obj)
	stale, _ := json.Marshal(obj)
	k.Put("apps", "auth0", map[string]string{"client_secret": "s2"}, false) // another writer
	status, b = kubeDo(t, k, "PUT", "/api/v1/namespaces/apps/secrets/auth0", string(stale))
	if status != 409 {
		t.Errorf("stale resourceVersion: %d, a real API server 409", status)
	}
	sameKubeBody(t, "stale resourceVersion", b, recordedKubeConflict)
	status, b = kubeDo(t, k, "GET", "/api/v1/namespaces/apps/secrets/nope", "")
	if status != 404 {
		t.Errorf("missing: %d, a real API server 404", status)
	}
	sameKubeBody(t, "missing", b, recordedKubeNotFound)
}

// The real kubectl reads the fake's Secrets and gets its conflict, as from a real cluster.
func TestKubeFakeWithRealKubectl(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not installed: the Kubernetes fake is checked against kubectl only where it is")
	}
	k := StartKubeAPI(t)
	k.Put("apps", "auth0", map[string]string{"client_secret": "s1"}, false)
	// kubectl sends no credentials over plain http (client-go reads the user's credentials
	// only for a TLS server): serve the same fake over TLS for it.
	srv := httptest.NewTLSServer(http.HandlerFunc(k.serve))
	defer srv.Close()
	dir := t.TempDir()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	kc := filepath.Join(dir, "kubeconfig")
	os.WriteFile(kc, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: %s, certificate-authority-data: %s}
contexts:
- name: fake
  context: {cluster: fake, user: tester}
current-context: fake
users:
- name: tester
  user: {token: %s}
`, srv.URL, base64.StdEncoding.EncodeToString(ca), k.Token)), 0o600)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(kubectl, append([]string{"--kubeconfig", kc, "--cache-dir", filepath.Join(dir, "cache")}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("-n", "apps", "get", "secret", "auth0", "-o", "json")
	if err != nil {
		t.Fatalf("kubectl get: %v\n%s", err, out)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(out), &obj); err != nil || obj["data"].(map[string]any)["client_secret"] != "czE=" {
		t.Fatalf("kubectl get: %v\n%s", err, out)
	}
	stale := filepath.Join(dir, "stale.json")
	os.WriteFile(stale, []byte(out), 0o600)
	k.Put("apps", "auth0", map[string]string{"client_secret": "s2"}, false)
	out, err = run("replace", "--validate=false", "-f", stale)
	if err == nil || !strings.Contains(out, "the object has been modified") {
		t.Fatalf("kubectl replace with a stale resourceVersion: %v\n%s", err, out)
	}
	if got := k.Data("apps", "auth0")["client_secret"]; got != "s2" {
		t.Fatalf("the stale replace overwrote the Secret: %q", got)
	}
}
