package sinktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// VaultKV is a fake Vault server with KV version 2 mounts: the endpoints the vault: store
// uses, answering as Vault 1.15-1.21 answer (the bodies are checked against recorded real
// answers in vaultkv_test.go): read the latest or a given version (GET MOUNT/data/PATH
// [?version=N]), write with check-and-set (POST/PUT MOUNT/data/PATH, options.cas), soft-delete
// the latest version (DELETE), the mount check (GET sys/internal/ui/mounts/PATH) and the
// token's capabilities (POST sys/capabilities-self). Requests need the token.
type VaultKV struct {
	URL   string
	Token string

	mu      sync.Mutex
	mounts  map[string]int // mount -> KV version
	secrets map[string][]kvVersion
	// denied paths (MOUNT/data/PATH) get no capability but "deny".
	denied     map[string]bool
	namespaces []string
	casReq     bool
}

type kvVersion struct {
	data    map[string]json.RawMessage
	created time.Time
	deleted bool
}

// StartVaultKV starts the fake on loopback with a KV v2 mount "secret" and a KV v1 mount
// "kv1".
func StartVaultKV(t testing.TB) *VaultKV {
	t.Helper()
	v := &VaultKV{Token: "hvs.test-" + RandHex(8), mounts: map[string]int{"secret": 2, "kv1": 1},
		secrets: map[string][]kvVersion{}, denied: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(v.serve))
	t.Cleanup(srv.Close)
	v.URL = srv.URL
	return v
}

// RandHex returns n random bytes in hex (unique names for tests sharing a store).
func RandHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Deny makes the token's capabilities on MOUNT/data/PATH "deny".
func (v *VaultKV) Deny(dataPath string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.denied[dataPath] = true
}

// Namespaces returns the X-Vault-Namespace of every request.
func (v *VaultKV) Namespaces() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.namespaces...)
}

// Versions returns every version of MOUNT/PATH's data, oldest first (deleted ones as nil).
func (v *VaultKV) Versions(mountPath string) []map[string]string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []map[string]string
	for _, ver := range v.secrets[mountPath] {
		if ver.deleted {
			out = append(out, nil)
			continue
		}
		m := map[string]string{}
		for k, raw := range ver.data {
			var s string
			json.Unmarshal(raw, &s)
			m[k] = s
		}
		out = append(out, m)
	}
	return out
}

// Write writes a version of MOUNT/PATH as another writer would (no cas).
func (v *VaultKV) Write(mountPath string, data map[string]string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := map[string]json.RawMessage{}
	for k, s := range data {
		d[k], _ = json.Marshal(s)
	}
	v.secrets[mountPath] = append(v.secrets[mountPath], kvVersion{data: d, created: time.Now()})
}

func (v *VaultKV) envelope(data any) map[string]any {
	return map[string]any{"request_id": uuid(), "lease_id": "", "renewable": false, "lease_duration": 0,
		"data": data, "wrap_info": nil, "warnings": nil, "auth": nil, "mount_type": "kv"}
}

func uuid() string {
	h := RandHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func vaultJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func vaultErr(w http.ResponseWriter, status int, msgs ...string) {
	if msgs == nil {
		msgs = []string{}
	}
	vaultJSON(w, status, map[string]any{"errors": msgs})
}

func (v *VaultKV) serve(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.namespaces = append(v.namespaces, r.Header.Get("X-Vault-Namespace"))
	if r.Header.Get("X-Vault-Token") != v.Token {
		vaultErr(w, http.StatusForbidden, "permission denied")
		return
	}
	p, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	if !ok {
		vaultErr(w, http.StatusNotFound)
		return
	}
	switch {
	case strings.HasPrefix(p, "sys/internal/ui/mounts/"):
		v.uiMounts(w, strings.TrimPrefix(p, "sys/internal/ui/mounts/"))
		return
	case p == "sys/capabilities-self" && r.Method == http.MethodPost:
		v.capabilities(w, r)
		return
	}
	mount, rest, _ := strings.Cut(p, "/")
	kind, path, _ := strings.Cut(rest, "/")
	ver, ok := v.mounts[mount]
	if !ok {
		vaultErr(w, http.StatusForbidden, "permission denied")
		return
	}
	if ver != 2 {
		// A KV v1 mount stores whatever it is given at the literal path, and answers 204.
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		vaultErr(w, http.StatusNotFound)
		return
	}
	if kind != "data" || path == "" {
		vaultErr(w, http.StatusNotFound)
		return
	}
	key := mount + "/" + path
	if v.denied[mount+"/data/"+path] {
		vaultErr(w, http.StatusForbidden, "permission denied")
		return
	}
	switch r.Method {
	case http.MethodGet:
		v.read(w, r, key)
	case http.MethodPost, http.MethodPut:
		v.write(w, r, key)
	case http.MethodDelete:
		vers := v.secrets[key]
		if len(vers) > 0 {
			vers[len(vers)-1].deleted = true
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		vaultErr(w, http.StatusMethodNotAllowed)
	}
}

func (v *VaultKV) metadata(vers []kvVersion, n int) map[string]any {
	ver := vers[n-1]
	del := ""
	if ver.deleted {
		del = ver.created.UTC().Format(time.RFC3339Nano)
	}
	return map[string]any{"created_time": ver.created.UTC().Format(time.RFC3339Nano), "custom_metadata": nil,
		"deletion_time": del, "destroyed": false, "version": n}
}

func (v *VaultKV) read(w http.ResponseWriter, r *http.Request, key string) {
	vers := v.secrets[key]
	n := len(vers)
	if q := r.URL.Query().Get("version"); q != "" && q != "0" {
		n, _ = strconv.Atoi(q)
	}
	if n <= 0 || n > len(vers) {
		vaultErr(w, http.StatusNotFound) // {"errors":[]}
		return
	}
	if vers[n-1].deleted {
		vaultJSON(w, http.StatusNotFound, v.envelope(map[string]any{"data": nil, "metadata": v.metadata(vers, n)}))
		return
	}
	vaultJSON(w, http.StatusOK, v.envelope(map[string]any{"data": vers[n-1].data, "metadata": v.metadata(vers, n)}))
}

func (v *VaultKV) write(w http.ResponseWriter, r *http.Request, key string) {
	var body struct {
		Options map[string]json.RawMessage `json:"options"`
		Data    map[string]json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		vaultErr(w, http.StatusBadRequest, "failed to parse JSON input: "+err.Error())
		return
	}
	if body.Data == nil {
		vaultErr(w, http.StatusBadRequest, "no data provided")
		return
	}
	vers := v.secrets[key]
	if raw, ok := body.Options["cas"]; ok {
		cas, err := strconv.Atoi(strings.Trim(string(raw), `"`))
		if err != nil {
			vaultErr(w, http.StatusBadRequest, "error parsing check-and-set parameter")
			return
		}
		if cas != len(vers) {
			vaultErr(w, http.StatusBadRequest, "check-and-set parameter did not match the current version")
			return
		}
	} else if v.casReq {
		vaultErr(w, http.StatusBadRequest, "check-and-set parameter required for this call")
		return
	}
	vers = append(vers, kvVersion{data: body.Data, created: time.Now()})
	v.secrets[key] = vers
	vaultJSON(w, http.StatusOK, v.envelope(v.metadata(vers, len(vers))))
}

func (v *VaultKV) uiMounts(w http.ResponseWriter, p string) {
	mount, _, _ := strings.Cut(p, "/")
	ver, ok := v.mounts[mount]
	if !ok {
		vaultErr(w, http.StatusForbidden, "preflight capability check returned 403, please ensure client's policies grant access to path \""+p+"/\"")
		return
	}
	vaultJSON(w, http.StatusOK, v.envelope(map[string]any{"type": "kv", "path": mount + "/", "description": "",
		"options": map[string]string{"version": strconv.Itoa(ver)}, "accessor": "kv_" + RandHex(4), "local": false, "seal_wrap": false,
		"external_entropy_access": false, "config": map[string]any{"default_lease_ttl": 0, "max_lease_ttl": 0, "force_no_cache": false}}))
}

func (v *VaultKV) capabilities(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Paths []string `json:"paths"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	data := map[string]any{}
	var first []string
	for i, p := range body.Paths {
		caps := []string{"create", "delete", "list", "read", "update"}
		if v.denied[p] {
			caps = []string{"deny"}
		}
		data[p] = caps
		if i == 0 {
			first = caps
		}
	}
	data["capabilities"] = first
	out := v.envelope(data)
	for k, val := range data { // Vault also copies data to the top level for this endpoint
		out[k] = val
	}
	delete(out, "mount_type")
	vaultJSON(w, http.StatusOK, out)
}
