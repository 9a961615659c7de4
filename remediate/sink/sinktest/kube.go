package sinktest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// KubeAPI is a fake Kubernetes API server holding Secrets: GET, POST (create) and PUT
// (update) of /api/v1/namespaces/NS/secrets[/NAME], with the optimistic concurrency a real
// API server enforces (an update must carry the stored metadata.resourceVersion, else 409
// Conflict; a create of an existing name is 409 AlreadyExists; an update without one is
// refused 422 here, where a real API server overwrites unconditionally: the fake is stricter
// so that a store forgetting the resourceVersion fails its tests),
// dryRun=All (answers as if applied, changes nothing), immutable Secrets, RBAC refusals (403)
// and bearer-token authentication (401), each with the Status body a real API server sends.
// It also serves the discovery documents kubectl reads, so the fake can be checked with the
// real kubectl, and its failures against answers recorded from a real kube-apiserver
// (kube_test.go). client-go's own fake clientset does not enforce
// resourceVersion, so it could not test this.
type KubeAPI struct {
	URL   string
	Token string

	mu      sync.Mutex
	rv      int
	secrets map[string]map[string]any // "ns/name" -> object
	forbid  map[string]bool           // verbs refused (get, create, update)
	writes  int
}

// StartKubeAPI starts the fake on loopback.
func StartKubeAPI(t testing.TB) *KubeAPI {
	t.Helper()
	k := &KubeAPI{Token: "kube-test-" + RandHex(8), rv: 1000, secrets: map[string]map[string]any{}, forbid: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(k.serve))
	t.Cleanup(srv.Close)
	k.URL = srv.URL
	return k
}

// Kubeconfig writes a kubeconfig (0600) for the fake into dir and returns its path.
func (k *KubeAPI) Kubeconfig(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "kubeconfig")
	body := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: %s
contexts:
- name: fake
  context:
    cluster: fake
    user: tester
    namespace: default
current-context: fake
users:
- name: tester
  user:
    token: %s
`, k.URL, k.Token)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Forbid makes verb (get, create, update) on secrets answer 403.
func (k *KubeAPI) Forbid(verb string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.forbid[verb] = true
}

// Data returns the decoded data of a Secret (nil when it does not exist).
func (k *KubeAPI) Data(ns, name string) map[string]string {
	k.mu.Lock()
	defer k.mu.Unlock()
	obj := k.secrets[ns+"/"+name]
	if obj == nil {
		return nil
	}
	out := map[string]string{}
	d, _ := obj["data"].(map[string]any)
	for key, v := range d {
		s, _ := v.(string)
		b, _ := decodeB64(s)
		out[key] = string(b)
	}
	return out
}

// Put stores a Secret as another writer would (bumping its resourceVersion).
func (k *KubeAPI) Put(ns, name string, data map[string]string, immutable bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	enc := map[string]any{}
	for key, v := range data {
		enc[key] = encodeB64([]byte(v))
	}
	obj := k.secrets[ns+"/"+name]
	if obj == nil {
		obj = map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
			"metadata": map[string]any{"name": name, "namespace": ns, "uid": uuid(), "creationTimestamp": time.Now().UTC().Format(time.RFC3339),
				"labels": map[string]any{"team": "payments"}}}
	}
	obj["data"] = enc
	if immutable {
		obj["immutable"] = true
	}
	k.rv++
	obj["metadata"].(map[string]any)["resourceVersion"] = strconv.Itoa(k.rv)
	k.secrets[ns+"/"+name] = obj
}

// Writes counts the updates and creates applied (dry runs excluded).
func (k *KubeAPI) Writes() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.writes
}

func kubeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// status writes the Status a real API server sends for a failure.
func kubeFail(w http.ResponseWriter, code int, reason, msg, name string) {
	st := map[string]any{"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{}, "status": "Failure",
		"message": msg, "reason": reason, "code": code}
	if name != "" {
		st["details"] = map[string]any{"name": name, "kind": "secrets"}
	}
	kubeJSON(w, code, st)
}

func (k *KubeAPI) serve(w http.ResponseWriter, r *http.Request) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+k.Token {
		kubeFail(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized", "")
		return
	}
	if k.discovery(w, r) {
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/namespaces/")
	if !ok {
		kubeFail(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource", "")
		return
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || parts[1] != "secrets" || len(parts) > 3 {
		kubeFail(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource", "")
		return
	}
	ns, name := parts[0], ""
	if len(parts) == 3 {
		name = parts[2]
	}
	dry := r.URL.Query().Get("dryRun") == "All"
	verb := map[string]string{http.MethodGet: "get", http.MethodPost: "create", http.MethodPut: "update"}[r.Method]
	if verb == "" {
		kubeFail(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the server does not allow this method on the requested resource", "")
		return
	}
	if k.forbid[verb] {
		kubeFail(w, http.StatusForbidden, "Forbidden", fmt.Sprintf("secrets %q is forbidden: User \"system:serviceaccount:%s:auth0audit\" cannot %s resource "+
			"\"secrets\" in API group \"\" in the namespace %q", name, ns, verb, ns), name)
		return
	}
	key := ns + "/" + name
	switch verb {
	case "get":
		obj := k.secrets[key]
		if obj == nil || name == "" {
			kubeFail(w, http.StatusNotFound, "NotFound", fmt.Sprintf("secrets %q not found", name), name)
			return
		}
		kubeJSON(w, http.StatusOK, obj)
	case "create":
		var obj map[string]any
		if json.NewDecoder(r.Body).Decode(&obj) != nil {
			kubeFail(w, http.StatusBadRequest, "BadRequest", "the body of the request was in an unknown format", "")
			return
		}
		md, _ := obj["metadata"].(map[string]any)
		name, _ = md["name"].(string)
		key = ns + "/" + name
		if k.secrets[key] != nil {
			kubeFail(w, http.StatusConflict, "AlreadyExists", fmt.Sprintf("secrets %q already exists", name), name)
			return
		}
		md["uid"], md["creationTimestamp"] = uuid(), time.Now().UTC().Format(time.RFC3339)
		md["namespace"] = ns
		if dry {
			kubeJSON(w, http.StatusCreated, obj)
			return
		}
		k.rv++
		md["resourceVersion"] = strconv.Itoa(k.rv)
		k.secrets[key] = obj
		k.writes++
		kubeJSON(w, http.StatusCreated, obj)
	case "update":
		var obj map[string]any
		if json.NewDecoder(r.Body).Decode(&obj) != nil {
			kubeFail(w, http.StatusBadRequest, "BadRequest", "the body of the request was in an unknown format", "")
			return
		}
		old := k.secrets[key]
		if old == nil {
			kubeFail(w, http.StatusNotFound, "NotFound", fmt.Sprintf("secrets %q not found", name), name)
			return
		}
		md, _ := obj["metadata"].(map[string]any)
		rv, _ := md["resourceVersion"].(string)
		if rv == "" {
			kubeFail(w, http.StatusUnprocessableEntity, "Invalid", fmt.Sprintf("Secret %q is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", name), name)
			return
		}
		if rv != old["metadata"].(map[string]any)["resourceVersion"] {
			kubeFail(w, http.StatusConflict, "Conflict", fmt.Sprintf("Operation cannot be fulfilled on secrets %q: the object has been modified; "+
				"please apply your changes to the latest version and try again", name), name)
			return
		}
		if im, _ := old["immutable"].(bool); im && !sameJSON(old["data"], obj["data"]) {
			kubeFail(w, http.StatusUnprocessableEntity, "Invalid", fmt.Sprintf("Secret %q is invalid: data: Forbidden: field is immutable when `immutable` is set", name), name)
			return
		}
		if dry {
			kubeJSON(w, http.StatusOK, obj)
			return
		}
		k.rv++
		md["resourceVersion"] = strconv.Itoa(k.rv)
		k.secrets[key] = obj
		k.writes++
		kubeJSON(w, http.StatusOK, obj)
	}
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// discovery answers the documents kubectl reads before it asks for a resource.
func (k *KubeAPI) discovery(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case "/version":
		kubeJSON(w, http.StatusOK, map[string]any{"major": "1", "minor": "32", "gitVersion": "v1.32.0-fake", "platform": "linux/amd64"})
	case "/api":
		kubeJSON(w, http.StatusOK, map[string]any{"kind": "APIVersions", "versions": []string{"v1"},
			"serverAddressByClientCIDRs": []any{map[string]any{"clientCIDR": "0.0.0.0/0", "serverAddress": strings.TrimPrefix(k.URL, "http://")}}})
	case "/apis":
		kubeJSON(w, http.StatusOK, map[string]any{"kind": "APIGroupList", "apiVersion": "v1", "groups": []any{}})
	case "/api/v1":
		kubeJSON(w, http.StatusOK, map[string]any{"kind": "APIResourceList", "groupVersion": "v1", "resources": []any{
			map[string]any{"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
				"verbs": []string{"create", "delete", "get", "list", "patch", "update", "watch"}}}})
	default:
		return false
	}
	return true
}

func encodeB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
