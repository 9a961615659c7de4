package sinktest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Op names a request to a store: the AWS action of an X-Amz-Target header
// ("PutSecretValue"), else "METHOD /path[?query]".
func Op(r *http.Request) string {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return t[strings.LastIndexByte(t, '.')+1:]
	}
	if r.URL.RawQuery != "" {
		return r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery
	}
	return r.Method + " " + r.URL.Path
}

// Hook acts on the requests Match selects: Before runs before the request is forwarded (a
// non-zero status is answered instead, and the store never sees the request); After runs
// once the store answered and applied the request (a non-zero status replaces its answer: the
// answer is lost). Times bounds how many requests it acts on (0: every one).
type Hook struct {
	Match  func(op string, body []byte) bool
	Before func() int
	After  func() int
	Times  int
}

// Proxy forwards to a store and lets a test fail, hold or observe chosen requests.
type Proxy struct {
	URL string

	mu    sync.Mutex
	hooks []*Hook
	seen  []string
}

// StartProxy starts a proxy on loopback in front of target.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		op := Op(r)
		h := p.match(op, body)
		if h != nil && h.Before != nil {
			if status := h.Before(); status != 0 {
				http.Error(w, `{"__type":"InternalServiceError","message":"fault injected by the test"}`, status)
				return
			}
		}
		if h != nil && h.After != nil {
			rec := httptest.NewRecorder()
			rp.ServeHTTP(rec, r)
			if status := h.After(); status != 0 {
				http.Error(w, `{"__type":"InternalServiceError","message":"answer lost (fault injected by the test)"}`, status)
				return
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// Set adds a hook.
func (p *Proxy) Set(h Hook) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hooks = append(p.hooks, &h)
}

// Clear removes every hook.
func (p *Proxy) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hooks = nil
}

// Seen returns the ops forwarded or answered so far.
func (p *Proxy) Seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

func (p *Proxy) match(op string, body []byte) *Hook {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, op)
	for i, h := range p.hooks {
		if h.Match != nil && !h.Match(op, body) {
			continue
		}
		if h.Times > 0 {
			h.Times--
			if h.Times == 0 {
				p.hooks = append(p.hooks[:i:i], p.hooks[i+1:]...)
			}
		}
		return h
	}
	return nil
}

// OpIs matches one op.
func OpIs(op string) func(string, []byte) bool {
	return func(o string, _ []byte) bool { return o == op }
}
