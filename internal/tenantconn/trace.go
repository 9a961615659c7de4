package tenantconn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Redacted replaces every secret and token in the --debug trace.
const Redacted = "[REDACTED]"

// maxTracedBody is how much of a body the trace shows (after redaction).
const maxTracedBody = 4 << 10

// tracer writes each HTTP exchange to out: method, URL, headers and body of the request, then
// status, headers and body of the answer, with every credential redacted. It is the --debug
// trace; go-auth0's own debug transport dumps everything verbatim and is never used.
type tracer struct {
	base    http.RoundTripper
	out     io.Writer
	secrets []string // known secret values, scrubbed wherever they appear
	mu      sync.Mutex
}

func (t *tracer) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", r.Method, t.scrub(redactURL(r.URL)))
	writeHeaders(&b, "> ", r.Header)
	t.writeBody(&b, "> ", r.Header.Get("Content-Type"), reqBody)
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		fmt.Fprintf(&b, "< error after %s: %s\n", took, t.scrub(err.Error()))
		t.emit(b.String())
		return nil, err
	}
	respBody, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	fmt.Fprintf(&b, "< %s (%s)\n", resp.Status, took)
	writeHeaders(&b, "< ", resp.Header)
	t.writeBody(&b, "< ", resp.Header.Get("Content-Type"), respBody)
	if rerr != nil {
		fmt.Fprintf(&b, "< body read error: %s\n", t.scrub(rerr.Error()))
	}
	t.emit(b.String())
	if rerr != nil {
		return nil, rerr
	}
	return resp, nil
}

func (t *tracer) emit(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.out, s+"\n")
}

// scrub removes the known secrets and anything shaped like a JWT.
func (t *tracer) scrub(s string) string {
	for _, sec := range t.secrets {
		if len(sec) >= 8 {
			s = strings.ReplaceAll(s, sec, Redacted)
			s = strings.ReplaceAll(s, url.QueryEscape(sec), Redacted)
		}
	}
	return jwtShape.ReplaceAllString(s, Redacted)
}

// jwtShape matches a JWS compact serialisation (header.payload.signature, base64url, the
// header starting with '{"'), whatever key or header it sits under.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// sensitiveKey reports whether a form, query or JSON key, or a header, holds a credential.
// It reads the key's words, not its substrings: access_token, mfa_token and client_secret
// are credentials, while enable_idtoken_api2, token_endpoint_auth_method, token_type and
// subject_type_authorization are the very settings a trace is read for. Known secrets and
// anything shaped like a JWT are scrubbed from the whole trace besides.
func sensitiveKey(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "authorization", "proxy-authorization", "link_with", "code":
		return true
	}
	if strings.HasSuffix(k, "token_hint") {
		return true // id_token_hint: an ID token
	}
	words := strings.FieldsFunc(k, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	for _, w := range words {
		switch w {
		case "secret", "secrets", "password", "passwd", "assertion", "cookie", "private", "verifier", "apikey", "ticket":
			return true
		}
	}
	if len(words) == 0 {
		return false
	}
	// The last word names what the value is: a token (access_token, accessToken, mfa_token),
	// a key (api_key, X-Api-Key), a code (recovery_code).
	last := words[len(words)-1]
	return strings.HasSuffix(last, "token") || last == "key" || last == "code"
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	q := c.Query()
	changed := false
	for k := range q {
		if sensitiveKey(k) {
			q[k] = []string{Redacted}
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if sensitiveKey(k) {
				scheme, _, found := strings.Cut(v, " ")
				if found && !strings.Contains(scheme, "=") {
					v = scheme + " " + Redacted
				} else {
					v = Redacted
				}
			}
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
}

func (t *tracer) writeBody(b *strings.Builder, prefix, contentType string, body []byte) {
	if len(body) == 0 {
		return
	}
	s := t.scrub(redactBody(contentType, body))
	if len(s) > maxTracedBody {
		s = fmt.Sprintf("%s... (%d more bytes)", s[:maxTracedBody], len(s)-maxTracedBody)
	}
	fmt.Fprintf(b, "%s\n%s\n", prefix, s)
}

// redactBody replaces the values of credential keys in a form or JSON body. Anything else is
// shown as it is (and still scrubbed of known secrets and JWTs by the caller).
func redactBody(contentType string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" {
		if q, err := url.ParseQuery(string(body)); err == nil {
			for k := range q {
				if sensitiveKey(k) {
					q[k] = []string{Redacted}
				}
			}
			return q.Encode()
		}
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		if out, err := json.Marshal(redactJSON(v)); err == nil {
			return string(out)
		}
	}
	return string(body)
}

func redactJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if sensitiveKey(k) {
				x[k] = Redacted
				continue
			}
			x[k] = redactJSON(e)
		}
	case []any:
		for i, e := range x {
			x[i] = redactJSON(e)
		}
	}
	return v
}
