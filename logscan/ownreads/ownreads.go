// Package ownreads tells this tool's own reads of client secrets in a tenant's logs from the
// reads of other programs that share its machine-to-machine client.
//
// The tenant and audit commands list clients, and with read:client_keys Auth0 logs each list
// as an mgmt_api_read that returned secrets. Those are the tool's own reads, not findings about
// the tenant (each run would find more). The client id alone does not say so: an M2M client is
// often shared by several programs, and another program's secret reads through it are exactly
// what an admin wants to see. So an own read is one by the tool's client that also carries the
// tool's User-Agent (UserAgent, sent on every Management API call), which Auth0 logs in
// details.request.userAgent.
package ownreads

import (
	"bytes"
	"io"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// Product is the first word of the tool's User-Agent.
const Product = "auth0audit"

// UserAgent is the User-Agent every Management API call of the tool sends: auth0audit/VERSION.
func UserAgent() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return Product + "/" + v
}

// IsOwnUserAgent reports whether a logged User-Agent is the tool's (any version; earlier
// versions sent the bare product name).
func IsOwnUserAgent(ua string) bool {
	return ua == Product || strings.HasPrefix(ua, Product+"/")
}

// Tap passes a tenant's log events (one JSON object a line, as logscan/fetch writes them) on
// to W and remembers the log_ids of the secret reads that are the tool's own: by one of
// Clients, with the tool's User-Agent. It is safe for Own to be called while Write runs.
type Tap struct {
	W       io.Writer
	Clients []string

	mu      sync.Mutex
	own     map[string]bool
	partial []byte
}

// Write inspects each complete line and writes p on.
func (t *Tap) Write(p []byte) (int, error) {
	t.mu.Lock()
	data := append(t.partial, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		t.inspect(data[:i])
		data = data[i+1:]
	}
	t.partial = append([]byte(nil), data...)
	t.mu.Unlock()
	return t.W.Write(p)
}

func (t *Tap) inspect(line []byte) {
	if !bytes.Contains(line, []byte(`"mgmt_api_read"`)) {
		return
	}
	ev := gjson.ParseBytes(line)
	if ev.Get("type").String() != "mgmt_api_read" || !t.isClient(ev.Get("client_id").String()) {
		return
	}
	ua := ev.Get("details.request.userAgent").String()
	if ua == "" {
		ua = ev.Get("user_agent").String()
	}
	if !IsOwnUserAgent(ua) {
		return
	}
	if id := ev.Get("log_id").String(); id != "" {
		if t.own == nil {
			t.own = map[string]bool{}
		}
		t.own[id] = true
	}
}

func (t *Tap) isClient(id string) bool {
	for _, c := range t.Clients {
		if c != "" && c == id {
			return true
		}
	}
	return false
}

// Own reports whether the event logID was one of the tool's own reads.
func (t *Tap) Own(logID string) bool {
	if t == nil || logID == "" {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.own[logID]
}
