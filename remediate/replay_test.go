package remediate

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/internal/recordings"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

func loadCassette(t *testing.T, name string) *recordings.Cassette {
	t.Helper()
	c, err := recordings.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// replayer answers requests with the recorded responses, matched by method and escaped path,
// and remembers what our code sent.
type replayer struct {
	c     *recordings.Cassette
	extra map[string]string // "GET /path" -> body, for reads our code adds (the recording has none)
	// state answers requests the recording has none of (read-backs, the in-progress marker,
	// the /oauth/token probe) from a little state; nil for none.
	state func(method, path string, body []byte) (status int, answer string, ok bool)
	// after is called with every request answered from the recording.
	after func(method, path string, answer string)
	mu    sync.Mutex
	got   []string // "METHOD /escaped/path BODY"
}

func (r *replayer) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.got = append(r.got, req.Method+" "+req.URL.EscapedPath()+" "+strings.TrimSpace(string(body)))
	r.mu.Unlock()
	key := req.Method + " " + req.URL.EscapedPath()
	if r.state != nil {
		if status, answer, ok := r.state(req.Method, req.URL.EscapedPath(), body); ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, answer)
			return
		}
	}
	if b, ok := r.extra[key]; ok {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, b)
		return
	}
	for _, in := range r.c.Interactions {
		u, _ := url.Parse(in.Request.URL)
		if in.Request.Method == req.Method && u.EscapedPath() == req.URL.EscapedPath() {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(in.Response.Code)
			io.WriteString(w, in.Response.Body)
			if r.after != nil {
				r.after(req.Method, req.URL.EscapedPath(), in.Response.Body)
			}
			return
		}
	}
	http.Error(w, `{"statusCode":404,"error":"Not Found","message":"not in the recording"}`, 404)
}

func (r *replayer) interaction(t *testing.T, method, pathSuffix string) (reqBody, path string) {
	t.Helper()
	for _, in := range r.c.Interactions {
		u, _ := url.Parse(in.Request.URL)
		if in.Request.Method == method && strings.HasSuffix(u.EscapedPath(), pathSuffix) {
			return strings.TrimSpace(in.Request.Body), u.EscapedPath()
		}
	}
	t.Fatalf("no %s ...%s in the recording", method, pathSuffix)
	return "", ""
}

func replayEngine(t *testing.T, r *replayer) *Engine {
	t.Helper()
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	tenant := Tenant{Domain: strings.TrimPrefix(srv.URL, "http://"), Insecure: true, HTTP: srv.Client()}
	api, err := tenant.WithToken("replay-token")
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Open(filepath.Join(t.TempDir(), "j.jsonl"), tenant.Domain, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return &Engine{Tenant: tenant, API: api, Journal: j, Sink: &sink.File{Path: t.TempDir() + "/"}}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%q: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

func TestReplayRecordedLink(t *testing.T) {
	r := &replayer{c: loadCassette(t, "TestUserManager_Link.yaml")}
	wantBody, wantPath := r.interaction(t, "POST", "/identities")
	e := replayEngine(t, r)
	// The recorded call: link auth0|63d17c6b77d74b740960460a into auth0|63d17c6a9d503d76c056c177.
	out, err := e.Link(context.Background(), "link", LinkRequest{PrimaryID: "auth0|63d17c6a9d503d76c056c177",
		Provider: "auth0", SecondaryUserID: "auth0|63d17c6b77d74b740960460a", ConnectionID: "con_ftSSLHb0O7rcUGmF"})
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	method, path, body := splitGot(r.got[0])
	if method != "POST" || path != wantPath {
		t.Fatalf("sent %s %s, recorded POST %s", method, path, wantPath)
	}
	if !jsonEqual(t, body, wantBody) {
		t.Fatalf("sent body %s, recorded %s", body, wantBody)
	}
}

func TestReplayRecordedUnlink(t *testing.T) {
	r := &replayer{c: loadCassette(t, "TestUserManager_Unlink.yaml")}
	_, wantPath := r.interaction(t, "DELETE", "/identities/auth0/63d17c6ce99d3933163bddc2")
	e := replayEngine(t, r)
	// Given the full secondary id, the tool sends the bare id as the recording does.
	out, err := e.Unlink(context.Background(), "unlink", UnlinkRequest{PrimaryID: "auth0|63d17c6b8869daf88ed7dbb8",
		SecondaryUserID: "auth0|63d17c6ce99d3933163bddc2"})
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	if method, path, _ := splitGot(r.got[0]); method != "DELETE" || path != wantPath {
		t.Fatalf("sent %s %s, recorded DELETE %s", method, path, wantPath)
	}
}

func TestReplayRecordedRotateSecret(t *testing.T) {
	c := loadCassette(t, "TestClient_RotateSecret.yaml")
	const id = "aNXX5MSsNYV1Xn342GzeVF9hqOzbnQrS"
	// The recording has the rotation only. The reads our code adds before and after it (the
	// "before" fingerprint, the in-progress marker, the verification), the marker's PATCHes
	// and the /oauth/token probe are answered from a little state built on the recorded client.
	var client map[string]any
	if err := json.Unmarshal([]byte(c.Interactions[0].Response.Body), &client); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	metadata := map[string]any{}
	r := &replayer{c: c}
	r.after = func(method, path, answer string) {
		if method == "POST" && strings.HasSuffix(path, "/rotate-secret") {
			var rotated map[string]any
			json.Unmarshal([]byte(answer), &rotated)
			mu.Lock()
			client["client_secret"] = rotated["client_secret"]
			mu.Unlock()
		}
	}
	r.state = func(method, path string, body []byte) (int, string, bool) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case path == "/api/v2/clients/"+id && method == "GET":
			client["client_metadata"] = metadata
			b, _ := json.Marshal(client)
			return 200, string(b), true
		case path == "/api/v2/clients/"+id && method == "PATCH":
			var patch struct {
				Metadata map[string]any `json:"client_metadata"`
			}
			json.Unmarshal(body, &patch)
			for k, v := range patch.Metadata {
				if v == nil {
					delete(metadata, k)
				} else {
					metadata[k] = v
				}
			}
			return 200, "{}", true
		case path == "/oauth/token":
			form, _ := url.ParseQuery(string(body))
			if form.Get("client_secret") == client["client_secret"] {
				return 200, `{"access_token":"x","token_type":"Bearer"}`, true
			}
			return 401, `{"error":"access_denied"}`, true
		}
		return 0, "", false
	}
	_, wantPath := r.interaction(t, "POST", "/rotate-secret")
	e := replayEngine(t, r)
	e.Confirm = func(string) (bool, error) { return true, nil }
	e.Settle, e.MarkerWait = time.Millisecond, time.Millisecond
	out, err := e.Rotate(context.Background(), "rotate", id)
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	rotates := 0
	for _, g := range r.got {
		if m, p, _ := splitGot(g); m == "POST" && strings.HasSuffix(p, "/rotate-secret") {
			rotates++
			if p != wantPath {
				t.Fatalf("sent POST %s, recorded POST %s", p, wantPath)
			}
		}
	}
	if rotates != 1 {
		t.Fatalf("rotate-secret sent %d times:\n%s", rotates, strings.Join(r.got, "\n"))
	}
	// The real answer's client_secret (redacted in the recording) is what reaches the sink.
	if got, _ := sink.Current(e.Sink, id); got != "[ROTATED-REDACTED]" {
		t.Fatalf("sink holds %q", got)
	}
	if len(metadata) != 0 {
		t.Fatalf("the in-progress marker was left: %v", metadata)
	}
}

func splitGot(s string) (method, path, body string) {
	method, rest, _ := strings.Cut(s, " ")
	path, body, _ = strings.Cut(rest, " ")
	return
}
