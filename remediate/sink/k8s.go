package sink

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// Kube keeps secrets in a Kubernetes Secret (--secret-sink k8s:NAMESPACE/SECRET[#key]): the
// current value under key (default client_secret), the pending one under key_pending (pods
// that mount the Secret see both, so apps can accept either during the switch) and the
// previous one under key_previous until the run is verified. Every other key, label and
// annotation of the Secret is kept.
//
// Every write is one update of the whole Secret carrying the resourceVersion this run read
// (optimistic concurrency): the API server refuses it with 409 Conflict when anyone changed
// the Secret since, and the run stops with nothing overwritten. A promotion changes the three
// keys in one update. A Secret that does not exist yet is created (409 AlreadyExists when
// another writer created it first).
//
// The cluster and credentials come from the kubeconfig (KUBECONFIG, else ~/.kube/config; its
// current context: a bearer token or token file, a client certificate, or an exec credential
// plugin such as `aws eks get-token` or gke-gcloud-auth-plugin) or, with no kubeconfig, from
// the pod's service account (in-cluster). insecure-skip-tls-verify is refused, and so is plain
// http to anything but this machine.
type Kube struct {
	Namespace, Name, Key string
	cluster              *kubeCluster
}

// KubeDefaultKey is the key of the current secret when the spec names none.
const KubeDefaultKey = "client_secret"

// dns1123 is the form of namespace and Secret names.
var dns1123 = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`)

// secretKey is the form of a Secret's data keys.
var secretKey = regexp.MustCompile(`^[-._a-zA-Z0-9]+$`)

// ParseKube builds the store of k8s:NAMESPACE/SECRET[#key] from the kubeconfig or the pod's
// service account.
func ParseKube(rest string, getenv func(string) string) (*Kube, error) {
	p, key, err := splitKey(rest, KubeDefaultKey)
	if err != nil {
		return nil, fmt.Errorf("--secret-sink k8s:%s: %v", rest, err)
	}
	ns, name, ok := strings.Cut(p, "/")
	if !ok || !dns1123.MatchString(ns) || len(ns) > 63 || !dns1123.MatchString(name) || len(name) > 253 {
		return nil, fmt.Errorf("--secret-sink k8s:%s: want k8s:NAMESPACE/SECRET[#key] with lower-case DNS names", rest)
	}
	for _, k := range stageKeys(key) {
		if !secretKey.MatchString(k) || len(k) > 253 {
			return nil, fmt.Errorf("--secret-sink k8s:%s: %q is not a valid Secret key (letters, digits, '-', '_', '.')", rest, k)
		}
	}
	cl, err := loadKubeCluster(getenv)
	if err != nil {
		return nil, err
	}
	return &Kube{Namespace: ns, Name: name, Key: key, cluster: cl}, nil
}

func (k *Kube) String() string {
	s := "k8s:" + k.Namespace + "/" + k.Name
	if k.Key != KubeDefaultKey {
		s += "#" + k.Key
	}
	return s
}

// HoldsOneClient: a Secret holds one client's stages.
func (k *Kube) HoldsOneClient() bool { return true }

// Where names the Secret and the key of the stage.
func (k *Kube) Where(_ string, slot Slot) string {
	return fmt.Sprintf("k8s:%s/%s key %s", k.Namespace, k.Name, stageKeys(k.Key)[slot])
}

func (k *Kube) secretURL(name string, query url.Values) string {
	u := k.cluster.server + "/api/v1/namespaces/" + url.PathEscape(k.Namespace) + "/secrets"
	if name != "" {
		u += "/" + url.PathEscape(name)
	}
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

func (k *Kube) call(method, u string, body any) (int, []byte, error) {
	h, err := k.cluster.authHeader()
	if err != nil {
		return 0, nil, err
	}
	return doJSON(k.cluster.client, storeCall{method: method, url: u, body: body, header: h})
}

// kubeStatus is the API server's error body.
type kubeStatus struct {
	Message string `json:"message"`
	Reason  string `json:"reason"`
}

func kubeError(what string, status int, body []byte) error {
	var s kubeStatus
	_ = json.Unmarshal(body, &s)
	msg := s.Message
	if msg == "" {
		msg = http.StatusText(status)
	}
	hint := ""
	switch status {
	case http.StatusUnauthorized:
		hint = " (the kubeconfig's credentials were refused: log in again)"
	case http.StatusForbidden:
		hint = " (RBAC: the user or service account needs get, create and update on secrets in this namespace)"
	}
	return fmt.Errorf("%s: the API server answered %d %s: %s%s", what, status, s.Reason, msg, hint)
}

// kubeSecret is one read: the whole object (kept as read, so fields this tool does not know
// survive the update) and its decoded data.
type kubeSecret struct {
	exists bool
	obj    map[string]any
	data   map[string]string
}

func (k *Kube) get() (kubeSecret, error) {
	status, body, err := k.call(http.MethodGet, k.secretURL(k.Name, nil), nil)
	if err != nil {
		return kubeSecret{}, fmt.Errorf("%s: %w", k, err)
	}
	if status == http.StatusNotFound {
		return kubeSecret{}, nil
	}
	if status != http.StatusOK {
		return kubeSecret{}, kubeError(k.String()+": read", status, body)
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil || obj["kind"] != "Secret" {
		return kubeSecret{}, fmt.Errorf("%s: the answer is not a Secret", k)
	}
	s := kubeSecret{exists: true, obj: obj, data: map[string]string{}}
	if d, ok := obj["data"].(map[string]any); ok {
		for key, v := range d {
			str, _ := v.(string)
			b, err := base64.StdEncoding.DecodeString(str)
			if err != nil {
				return kubeSecret{}, fmt.Errorf("%s: key %s is not base64", k, key)
			}
			s.data[key] = string(b)
		}
	}
	return s, nil
}

func (k *Kube) stagesOf(s kubeSecret) Stages {
	keys := stageKeys(k.Key)
	return Stages{Pending: s.data[keys[SlotPending]], Current: s.data[keys[SlotCurrent]], Previous: s.data[keys[SlotPrevious]]}
}

// Preflight reads the Secret, refuses an immutable one, and proves the credentials may write
// it with a server-side dry run of the update (or the create), which changes nothing.
func (k *Kube) Preflight(string) error {
	s, err := k.get()
	if err != nil {
		return err
	}
	q := url.Values{"dryRun": {"All"}}
	if !s.exists {
		status, body, err := k.call(http.MethodPost, k.secretURL("", q), k.newSecret(map[string]string{}))
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if status != http.StatusCreated && status != http.StatusOK {
			return kubeError(k.String()+": creating the Secret (dry run)", status, body)
		}
		return nil
	}
	if im, _ := s.obj["immutable"].(bool); im {
		return fmt.Errorf("%s is immutable: it can never hold a new secret; deliver to another Secret", k)
	}
	status, body, err := k.call(http.MethodPut, k.secretURL(k.Name, q), s.obj)
	if err != nil {
		return fmt.Errorf("%s: %w", k, err)
	}
	if status != http.StatusOK {
		return kubeError(k.String()+": updating the Secret (dry run)", status, body)
	}
	return nil
}

func (k *Kube) newSecret(data map[string]string) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
		"metadata": map[string]any{"name": k.Name, "namespace": k.Namespace,
			"labels": map[string]any{"app.kubernetes.io/managed-by": "auth0audit"}},
		"data": encodeData(data)}
}

func encodeData(data map[string]string) map[string]any {
	out := map[string]any{}
	for key, v := range data {
		out[key] = base64.StdEncoding.EncodeToString([]byte(v))
	}
	return out
}

// Read returns the Secret's stages.
func (k *Kube) Read(string) (Stages, error) {
	s, err := k.get()
	if err != nil {
		return Stages{}, err
	}
	return k.stagesOf(s), nil
}

// Write updates the Secret with the resourceVersion read: the API server refuses it (409)
// when the Secret changed since.
func (k *Kube) Write(clientID string, from, to Stages) error {
	s, err := k.get()
	if err != nil {
		return err
	}
	if k.stagesOf(s) != from {
		return &ConflictError{Sink: k.String(), ClientID: clientID}
	}
	data := map[string]string{}
	for key, v := range s.data {
		data[key] = v
	}
	for slot, key := range stageKeys(k.Key) {
		if v := to.Get(slot); v == "" {
			delete(data, key)
		} else {
			data[key] = v
		}
	}
	secrets := []string{from.Pending, from.Current, from.Previous, to.Pending, to.Current, to.Previous}
	var status int
	var body []byte
	if !s.exists {
		status, body, err = k.call(http.MethodPost, k.secretURL("", nil), k.newSecret(data))
	} else {
		obj := s.obj // carries metadata.resourceVersion as read: the update's precondition
		obj["data"] = encodeData(data)
		delete(obj, "stringData")
		status, body, err = k.call(http.MethodPut, k.secretURL(k.Name, nil), obj)
	}
	if err != nil {
		if now, rerr := k.Read(clientID); rerr == nil && now == to {
			return nil // the answer was lost, the update was applied
		}
		return Scrub(fmt.Errorf("%s: write: %w", k, err), secrets...)
	}
	switch status {
	case http.StatusOK, http.StatusCreated:
		return nil
	case http.StatusConflict:
		return &ConflictError{Sink: k.String(), ClientID: clientID}
	}
	return Scrub(kubeError(k.String()+": write", status, body), secrets...)
}

// errNoKubeConfig is returned when neither a kubeconfig nor a service account is found.
var errNoKubeConfig = errors.New("k8s: no kubeconfig (KUBECONFIG, ~/.kube/config) and not running in a pod (no service account): " +
	"nothing says which cluster to use")

// readFileOr reads path, or returns def when path is "".
func readFileOr(path string, def []byte) ([]byte, error) {
	if path == "" {
		return def, nil
	}
	return os.ReadFile(path)
}
