// Package classify decides which row of the use-case table (design section 2) one Auth0 log
// event belongs to, by the decision procedure of design section 5, reading fields with gjson.
//
// It never copies a request or response body, a token or a secret into its results: only the
// method, the decoded path (without its query string), ids, dates, status codes and a short
// description of the evidence.
package classify

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// Kind says what the scanner has to do with an event.
type Kind int

const (
	// Irrelevant events (logins, most API calls) only count as read.
	Irrelevant Kind = iota
	// Classified events carry a finding.
	Classified
	// FailedExchange is a feccft (failed client-credentials exchange). Whether it is a
	// secret-stale-use depends on rotations that may appear anywhere in the input, so the
	// scanner resolves it once everything is read. Finding is the stale-use finding to report
	// if it is.
	FailedExchange
)

// Result is the classification of one event.
type Result struct {
	Kind    Kind
	Finding usecase.Finding
	// SecretChanged is set when a successful call changed the secret of ChangedClient at
	// Finding.Time (a sapi secret-rotate or secret-set-custom).
	SecretChanged bool
	ChangedClient string
}

// Event types that matter; everything else is irrelevant.
const (
	typeSuccessAPI   = "sapi"
	typeFailedAPI    = "fapi"
	typeDeprecation  = "depnote"
	typeFailedCCX    = "feccft"
	typeSecretRead   = "mgmt_api_read"
	auth0jsSDKName   = "auth0.js"
	clientSecretKey  = "client_secret"
	maxOtherSetKeys  = 2 // PATCH bodies with client_secret and at most this many other keys set a custom secret
	unknownTokenNote = "the log does not say which token was sent"
)

// Event classifies one event, a JSON object as Auth0 returns it from GET /api/v2/logs (already
// unwrapped from any log-stream, EventBridge or Splunk envelope). logID is used when the event
// itself has none (an envelope may carry it outside data). raw must be valid JSON.
func Event(raw []byte, logID string) Result {
	r := classifyEvent(raw, logID)
	r.detach()
	return r
}

// detach copies the result's strings. gjson hands out substrings of its copy of the whole
// event, so a kept finding would otherwise keep the event (~1 KB, body included) alive.
func (r *Result) detach() {
	f := &r.Finding
	for _, s := range []*string{&f.LogID, &f.ClientID, &f.ClientName, &f.UserID, &f.Method, &f.Path, &f.Detail, &r.ChangedClient} {
		*s = strings.Clone(*s)
	}
}

func classifyEvent(raw []byte, logID string) Result {
	ev := readEvent(raw)
	if ev.logID == "" {
		ev.logID = logID
	}
	switch ev.typ {
	case typeDeprecation:
		return classified(ev.finding(usecase.DeprecationNotice, usecase.Confirmed))
	case typeSecretRead:
		if !readSecret(ev.details.Get("accessedSecrets")) {
			return Result{}
		}
		f := ev.finding(usecase.SecretRead, usecase.Confirmed)
		f.Detail = "the response carried a client secret"
		return classified(f)
	case typeFailedCCX:
		f := ev.finding(usecase.SecretStaleUse, usecase.Confirmed)
		if f.ClientID == "" || f.Time.IsZero() {
			// Without a client or a date it cannot be placed after a rotation.
			return Result{}
		}
		return Result{Kind: FailedExchange, Finding: f}
	case typeSuccessAPI, typeFailedAPI:
		return call(ev, ev.typ == typeSuccessAPI)
	}
	return Result{}
}

func classified(f usecase.Finding) Result { return Result{Kind: Classified, Finding: f} }

// readSecret reports whether details.accessedSecrets names the client secret; it is recorded
// as an array of field names or as a string.
func readSecret(acc gjson.Result) bool {
	found := false
	switch {
	case acc.IsArray():
		acc.ForEach(func(_, v gjson.Result) bool {
			found = v.Type == gjson.String && v.Str == clientSecretKey
			return !found
		})
	case acc.IsObject():
		found = acc.Get(clientSecretKey).Exists()
	case acc.Type == gjson.String:
		found = strings.Contains(acc.Str, clientSecretKey)
	}
	return found
}

// call classifies a Management API call (sapi or fapi). An fapi keeps its row: it is a call
// failing today, and its status code says how.
func call(ev event, success bool) Result {
	req := readRequest(ev.details)
	path := req.path
	finding := func(id usecase.ID, conf usecase.Confidence, detail string) usecase.Finding {
		f := ev.finding(id, conf)
		f.Method = req.method
		f.Path = path.String()
		f.StatusCode = req.status
		f.Detail = detail
		return f
	}

	switch {
	case req.method == "POST" && path.isLink():
		pathUser := path[2]
		kind := kindOf(readScopes(req.auth.Get("credentials.scopes")), authUserID(req.auth.Get("user")), pathUser)
		id, conf, why := link(kind, ev.auth0Client == auth0jsSDKName, bodyOf(req.body).Get("link_with"))
		f := finding(id, conf, why)
		f.UserID = pathUser
		return classified(f)

	case req.method == "DELETE" && path.isUnlink():
		pathUser := path[2]
		kind := kindOf(readScopes(req.auth.Get("credentials.scopes")), authUserID(req.auth.Get("user")), pathUser)
		id, conf, why := unlink(kind)
		f := finding(id, conf, why)
		f.UserID = pathUser
		return classified(f)

	case req.method == "POST" && path.isRotateSecret():
		return secretChange(finding, ev, path[2], usecase.SecretRotate, success, "rotate-secret")

	case req.method == "PATCH" && path.isClient():
		body := bodyOf(req.body)
		if !body.Get(clientSecretKey).Exists() {
			return Result{}
		}
		others := 0
		body.ForEach(func(k, _ gjson.Result) bool {
			if k.Str != clientSecretKey {
				others++
			}
			return true
		})
		if others > maxOtherSetKeys {
			r := secretChange(finding, ev, path[2], usecase.SecretInClientUpdate, false, "PATCH with client_secret in a full-object update")
			r.Finding.Detail += fmt.Sprintf(" (%d other fields)", others)
			return r
		}
		return secretChange(finding, ev, path[2], usecase.SecretSetCustom, success, "PATCH setting client_secret")
	}
	return Result{}
}

// secretChange builds the finding for a call on client target's secret. The finding is filed
// under the client whose secret it is, which is what the operator must follow up; the caller is
// named in the detail. changed says whether the call changed the secret (successful rotations
// and custom-secret sets do; failures and full-object updates are not counted).
func secretChange(finding func(usecase.ID, usecase.Confidence, string) usecase.Finding, ev event,
	target string, id usecase.ID, changed bool, what string) Result {
	caller := ev.clientID
	detail := what
	if caller != "" && caller != target {
		detail += " by client " + caller
	}
	f := finding(id, usecase.Confirmed, detail)
	if caller != target {
		f.ClientName = "" // the event's client_name is the caller's
	}
	f.ClientID = target
	r := classified(f)
	if changed && !f.Time.IsZero() {
		r.SecretChanged, r.ChangedClient = true, target
	}
	return r
}

// bodyOf returns details.request.body; some exporters store it as a JSON string.
func bodyOf(b gjson.Result) gjson.Result {
	if b.Type == gjson.String && gjson.Valid(b.Str) {
		return gjson.Parse(b.Str)
	}
	return b
}
