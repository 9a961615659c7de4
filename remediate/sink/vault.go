package sink

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Vault keeps secrets in a HashiCorp Vault (or OpenBao) KV version 2 secret
// (--secret-sink vault:MOUNT/PATH[#key]; vault:MOUNT/PATH/ holds one secret per client at
// MOUNT/PATH/CLIENT_ID). The current value is under key (default client_secret), the pending
// and previous ones under key_pending and key_previous (_PENDING, _PREVIOUS for an upper-case
// key); every other key of the secret is kept.
//
// Every write is one new version of the secret, written with check-and-set on the version
// this run read (cas), so two runs cannot overwrite each other: Vault refuses the second. A
// promotion changes all three keys in one version, so no crash falls between them. Earlier
// versions stay readable in the secret's history (vault kv get -version=N), including the one
// holding the previous secret after it is dropped.
//
// The server, token and namespace come from the standard variables: VAULT_ADDR,
// VAULT_TOKEN (else the token file `vault login` writes, ~/.vault-token), VAULT_NAMESPACE,
// VAULT_CACERT, VAULT_CAPATH, VAULT_CLIENT_CERT, VAULT_CLIENT_KEY, VAULT_TLS_SERVER_NAME. A
// token is never a flag value. VAULT_SKIP_VERIFY is refused, and so is plain http to
// anything but this machine.
type Vault struct {
	Mount, Path string // Path ending in '/' holds one secret per client
	Key         string
	Addr        string
	Namespace   string
	token       string
	client      *http.Client

	mu       sync.Mutex
	versions map[string]int // the version each client's secret had when last read
}

// VaultDefaultKey is the key of the current secret when the spec names none.
const VaultDefaultKey = "client_secret"

// ParseVault builds the store of vault:MOUNT/PATH[#key] from the standard variables.
func ParseVault(rest string, getenv func(string) string) (*Vault, error) {
	p, key, err := splitKey(rest, VaultDefaultKey)
	if err != nil {
		return nil, fmt.Errorf("--secret-sink vault:%s: %v", rest, err)
	}
	mount, path, ok := strings.Cut(strings.Trim(p, "/"), "/")
	if strings.HasSuffix(p, "/") {
		path += "/"
	}
	if !ok || mount == "" || strings.Trim(path, "/") == "" {
		return nil, fmt.Errorf("--secret-sink vault:%s: want vault:MOUNT/PATH[#key] (a KV v2 mount and a secret path), or vault:MOUNT/PATH/ for one secret per client", rest)
	}
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return nil, fmt.Errorf("--secret-sink vault:%s: the path has an empty, '.' or '..' segment", rest)
		}
	}
	v := &Vault{Mount: mount, Path: path, Key: key, Addr: getenv("VAULT_ADDR"), Namespace: getenv("VAULT_NAMESPACE"), token: getenv("VAULT_TOKEN")}
	if v.Addr == "" {
		v.Addr = "https://127.0.0.1:8200" // the vault CLI's default
	}
	v.Addr = strings.TrimRight(v.Addr, "/")
	if err := CheckTransport("VAULT_ADDR", v.Addr); err != nil {
		return nil, err
	}
	if b, _ := strconv.ParseBool(getenv("VAULT_SKIP_VERIFY")); b {
		return nil, errors.New("VAULT_SKIP_VERIFY is set: the secret would go to whoever answers at VAULT_ADDR; give Vault's CA in VAULT_CACERT instead")
	}
	if v.token == "" {
		if home, err := os.UserHomeDir(); err == nil {
			if b, err := os.ReadFile(filepath.Join(home, ".vault-token")); err == nil {
				v.token = strings.TrimSpace(string(b))
			}
		}
	}
	if v.token == "" {
		return nil, errors.New("vault: no token: set VAULT_TOKEN, or log in with `vault login` (it writes ~/.vault-token)")
	}
	v.client, err = newHTTPClient("vault "+v.Addr, tlsFiles{caFile: getenv("VAULT_CACERT"), caDir: getenv("VAULT_CAPATH"),
		certFile: getenv("VAULT_CLIENT_CERT"), keyFile: getenv("VAULT_CLIENT_KEY"), serverName: getenv("VAULT_TLS_SERVER_NAME")})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (v *Vault) perClient() bool { return strings.HasSuffix(v.Path, "/") }

// HoldsOneClient is true unless the path ends in '/'.
func (v *Vault) HoldsOneClient() bool { return !v.perClient() }

func (v *Vault) secretPath(clientID string) (string, error) {
	if !v.perClient() {
		return v.Path, nil
	}
	if clientID == "" || clientID == "." || clientID == ".." || strings.ContainsAny(clientID, "/#?% \t\n") {
		return "", fmt.Errorf("vault: client id %q cannot name a secret path", clientID)
	}
	return v.Path + clientID, nil
}

func (v *Vault) String() string {
	s := "vault:" + v.Mount + "/" + v.Path
	if v.Key != VaultDefaultKey {
		s += "#" + v.Key
	}
	return s
}

// Where names the secret, the key of the stage and the version last read.
func (v *Vault) Where(clientID string, slot Slot) string {
	p, err := v.secretPath(clientID)
	if err != nil {
		p = v.Path + "<client>"
	}
	w := fmt.Sprintf("vault:%s/%s key %s", v.Mount, p, stageKeys(v.Key)[slot])
	v.mu.Lock()
	n, ok := v.versions[clientID]
	v.mu.Unlock()
	if ok && n > 0 {
		w += fmt.Sprintf(" (version %d)", n)
	}
	return w
}

func (v *Vault) url(parts ...string) string {
	esc := make([]string, 0, len(parts))
	for _, p := range parts {
		for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
			esc = append(esc, url.PathEscape(seg))
		}
	}
	return v.Addr + "/v1/" + strings.Join(esc, "/")
}

func (v *Vault) call(method, u string, body any) (int, []byte, error) {
	h := map[string]string{"X-Vault-Token": v.token, "X-Vault-Request": "true"}
	if v.Namespace != "" {
		h["X-Vault-Namespace"] = v.Namespace
	}
	return doJSON(v.client, storeCall{method: method, url: u, body: body, header: h})
}

// vaultErrors is Vault's error envelope.
type vaultErrors struct {
	Errors []string `json:"errors"`
}

func vaultError(what string, status int, body []byte) error {
	var e vaultErrors
	_ = json.Unmarshal(body, &e)
	msg := strings.Join(e.Errors, "; ")
	if msg == "" {
		msg = http.StatusText(status)
	}
	hint := ""
	switch status {
	case http.StatusForbidden:
		hint = " (the token lacks a policy for this path, or it expired: check VAULT_TOKEN and VAULT_NAMESPACE)"
	case http.StatusServiceUnavailable:
		hint = " (Vault is sealed or in maintenance)"
	}
	return fmt.Errorf("%s: Vault answered %d: %s%s", what, status, msg, hint)
}

// kvRead is one read of a KV v2 secret.
type kvRead struct {
	version int                        // 0: the secret does not exist
	data    map[string]json.RawMessage // nil: no data (missing, or its latest version deleted)
}

// readKV reads the latest version of the client's secret.
func (v *Vault) readKV(clientID string) (kvRead, error) {
	p, err := v.secretPath(clientID)
	if err != nil {
		return kvRead{}, err
	}
	status, body, err := v.call(http.MethodGet, v.url(v.Mount, "data", p), nil)
	where := "vault:" + v.Mount + "/" + p
	if err != nil {
		return kvRead{}, fmt.Errorf("%s: %w", where, err)
	}
	var r struct {
		Data *struct {
			Data     map[string]json.RawMessage `json:"data"`
			Metadata *struct {
				Version int `json:"version"`
			} `json:"metadata"`
		} `json:"data"`
	}
	switch {
	case status == http.StatusNotFound:
		// Missing: {"errors":[]}. Latest version deleted or destroyed: the full body with
		// data null and that version's metadata (a write must name it in cas).
		if json.Unmarshal(body, &r) == nil && r.Data != nil && r.Data.Metadata != nil {
			return kvRead{version: r.Data.Metadata.Version}, nil
		}
		return kvRead{}, nil
	case status != http.StatusOK:
		return kvRead{}, vaultError(where+": read", status, body)
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Data == nil || r.Data.Metadata == nil {
		return kvRead{}, fmt.Errorf("%s: the answer is not a KV version 2 secret (is %s a KV v2 mount?)", where, v.Mount)
	}
	out := kvRead{version: r.Data.Metadata.Version, data: r.Data.Data}
	v.setVersion(clientID, out.version)
	return out, nil
}

// setVersion records the version of the client's secret last read or written, for Where.
func (v *Vault) setVersion(clientID string, n int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.versions == nil {
		v.versions = map[string]int{}
	}
	v.versions[clientID] = n
}

func (v *Vault) stagesOf(clientID string, r kvRead) (Stages, error) {
	var st Stages
	keys := stageKeys(v.Key)
	for _, slot := range []Slot{SlotPending, SlotCurrent, SlotPrevious} {
		raw, ok := r.data[keys[slot]]
		if !ok || string(raw) == "null" {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return Stages{}, fmt.Errorf("%s holds a %s that is not a string", v.Where(clientID, slot), keys[slot])
		}
		st.Set(slot, s)
	}
	return st, nil
}

// Preflight checks, before the tenant changes, that MOUNT is a KV version 2 mount (when the
// token may ask), that the token may read and write the secret (sys/capabilities-self), and
// that the secret reads as KV v2.
func (v *Vault) Preflight(clientID string) error {
	p, err := v.secretPath(clientID)
	if err != nil {
		return err
	}
	where := "vault:" + v.Mount + "/" + p
	status, body, err := v.call(http.MethodGet, v.url("sys/internal/ui/mounts", v.Mount, p), nil)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if status == http.StatusOK {
		var m struct {
			Data struct {
				Type    string            `json:"type"`
				Path    string            `json:"path"`
				Options map[string]string `json:"options"`
			} `json:"data"`
		}
		if json.Unmarshal(body, &m) == nil && m.Data.Type != "" {
			if (m.Data.Type != "kv" && m.Data.Type != "generic") || m.Data.Options["version"] != "2" {
				return fmt.Errorf("%s: %s is a %s mount (version %q), not KV version 2: this store needs KV v2's versions and check-and-set",
					where, m.Data.Path, m.Data.Type, m.Data.Options["version"])
			}
			if strings.Trim(m.Data.Path, "/") != v.Mount {
				return fmt.Errorf("%s: the KV v2 mount holding this path is %s, not %s: write the spec as vault:%s/PATH", where, m.Data.Path, v.Mount, strings.Trim(m.Data.Path, "/"))
			}
		}
	}
	dataPath := v.Mount + "/data/" + p
	status, body, err = v.call(http.MethodPost, v.url("sys/capabilities-self"), map[string]any{"paths": []string{dataPath}})
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if status != http.StatusOK {
		return vaultError(where+": ask the token's capabilities", status, body)
	}
	caps := capabilitiesOf(body, dataPath)
	has := func(c string) bool { return caps[c] || caps["root"] }
	if caps["deny"] || !has("read") || !(has("update") || has("create")) {
		return fmt.Errorf("%s: the token may not read and write %s (its capabilities there: %v): a policy granting read, create and "+
			"update on it is needed", where, dataPath, keysOf(caps))
	}
	r, err := v.readKV(clientID)
	if err != nil {
		return err
	}
	_, err = v.stagesOf(clientID, r)
	return err
}

func capabilitiesOf(body []byte, path string) map[string]bool {
	var r map[string]json.RawMessage
	_ = json.Unmarshal(body, &r)
	var list []string
	for _, src := range []json.RawMessage{r["data"], body} {
		var m map[string]json.RawMessage
		if json.Unmarshal(src, &m) != nil {
			continue
		}
		if json.Unmarshal(m[path], &list) == nil && len(list) > 0 {
			break
		}
		if json.Unmarshal(m["capabilities"], &list) == nil && len(list) > 0 {
			break
		}
	}
	out := map[string]bool{}
	for _, c := range list {
		out[c] = true
	}
	return out
}

func keysOf(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Read returns the stages of the secret's latest version.
func (v *Vault) Read(clientID string) (Stages, error) {
	r, err := v.readKV(clientID)
	if err != nil {
		return Stages{}, err
	}
	return v.stagesOf(clientID, r)
}

// Write writes one new version holding `to`, with check-and-set on the version whose stages
// are `from`: Vault refuses it when another writer made a version since.
func (v *Vault) Write(clientID string, from, to Stages) error {
	r, err := v.readKV(clientID)
	if err != nil {
		return err
	}
	now, err := v.stagesOf(clientID, r)
	if err != nil {
		return err
	}
	if now != from {
		return &ConflictError{Sink: v.String(), ClientID: clientID}
	}
	data := map[string]json.RawMessage{}
	for k, raw := range r.data {
		data[k] = raw
	}
	for slot, key := range stageKeys(v.Key) {
		if val := to.Get(slot); val == "" {
			delete(data, key)
		} else {
			b, _ := json.Marshal(val)
			data[key] = b
		}
	}
	p, _ := v.secretPath(clientID)
	where := "vault:" + v.Mount + "/" + p
	status, body, err := v.call(http.MethodPost, v.url(v.Mount, "data", p), map[string]any{
		"options": map[string]int{"cas": r.version}, "data": data})
	secrets := []string{from.Pending, from.Current, from.Previous, to.Pending, to.Current, to.Previous}
	if err != nil {
		// The answer was lost: the version may have been written. Read back.
		if now, rerr := v.Read(clientID); rerr == nil && now == to {
			return nil
		}
		return Scrub(fmt.Errorf("%s: write: %w", where, err), secrets...)
	}
	if status == http.StatusBadRequest && strings.Contains(string(body), "check-and-set parameter did not match") {
		return &ConflictError{Sink: v.String(), ClientID: clientID}
	}
	if status != http.StatusOK && status != http.StatusNoContent {
		return Scrub(vaultError(where+": write", status, body), secrets...)
	}
	var w struct {
		Data struct {
			Version int `json:"version"`
		} `json:"data"`
	}
	if status == http.StatusNoContent || json.Unmarshal(body, &w) != nil || w.Data.Version == 0 {
		return fmt.Errorf("%s: the write was not answered as KV version 2 answers (no version): is %s a KV v2 mount?", where, v.Mount)
	}
	v.setVersion(clientID, w.Data.Version)
	return nil
}
