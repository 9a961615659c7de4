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

	"github.com/auth0-migrate/auth0audit/logscan/rules"
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
	typ, ok := rules.LookupType(ev.typ)
	if !ok {
		return Result{}
	}
	switch typ.Handling {
	case rules.HandleNotice:
		return classified(ev.finding(usecase.DeprecationNotice, usecase.Confirmed))
	case rules.HandleSecretRead:
		if !readSecret(ev.details.Get("accessedSecrets")) {
			return Result{}
		}
		f := ev.finding(usecase.SecretRead, usecase.Confirmed)
		f.Detail = rules.SecretReadDetail
		return classified(f)
	case rules.HandleExchange:
		f := ev.finding(usecase.SecretStaleUse, usecase.Confirmed)
		if f.ClientID == "" || f.Time.IsZero() {
			// Without a client or a date it cannot be placed after a rotation.
			return Result{}
		}
		return Result{Kind: FailedExchange, Finding: f}
	case rules.HandleCall:
		return call(ev, typ.Success)
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
			found = v.Type == gjson.String && v.Str == rules.ClientSecretKey
			return !found
		})
	case acc.IsObject():
		found = acc.Get(rules.ClientSecretKey).Exists()
	case acc.Type == gjson.String:
		found = strings.Contains(acc.Str, rules.ClientSecretKey)
	}
	return found
}

// call classifies a Management API call (sapi or fapi). An fapi keeps its row: it is a call
// failing today, and its status code says how.
func call(ev event, success bool) Result {
	req := readRequest(ev.details)
	path := req.path
	kind := rules.MatchCall(req.method, path)
	if kind == rules.NoCall {
		return Result{}
	}
	target := path[rules.TargetSegment]
	finding := func(id usecase.ID, detail string) usecase.Finding {
		f := ev.finding(id, rules.ConfidenceOf(id))
		f.Method = req.method
		f.Path = path.String()
		f.StatusCode = req.status
		f.Detail = detail
		return f
	}

	switch kind {
	case rules.Link, rules.Unlink:
		facts := tokenFacts(req.auth, target)
		table := rules.UnlinkRules
		if kind == rules.Link {
			facts[rules.ViaAuth0js] = ev.auth0Client == rules.Auth0jsClient
			lw := bodyOf(req.body).Get(rules.LinkWithKey)
			facts[rules.SendsLinkWith] = lw.Exists() && lw.Type != gjson.Null
			table = rules.LinkRules
		}
		tk := rules.KindOf(&facts)
		r := rules.Decide(table, tk, &facts)
		f := finding(r.UseCase, r.Note+tk.Why())
		f.UserID = target
		return classified(f)
	}

	// A call on a client's secret.
	others := 0
	if kind == rules.UpdateClient {
		body := bodyOf(req.body)
		if !body.Get(rules.ClientSecretKey).Exists() {
			return Result{}
		}
		body.ForEach(func(k, _ gjson.Result) bool {
			if k.Str != rules.ClientSecretKey {
				others++
			}
			return true
		})
	}
	for _, sr := range rules.SecretRules {
		if sr.Call != kind || (sr.MaxOtherKeys != rules.AnyKeys && others > sr.MaxOtherKeys) {
			continue
		}
		return secretChange(finding, ev, target, sr, success, others)
	}
	return Result{}
}

// secretChange builds the finding for a call on client target's secret. The finding is filed
// under the client whose secret it is, which is what the operator must follow up; the caller is
// named in the detail. A successful call of a rule that changes the secret is recorded as a
// change (failures and full-object updates are not counted).
func secretChange(finding func(usecase.ID, string) usecase.Finding, ev event,
	target string, sr rules.SecretRule, success bool, others int) Result {
	caller := ev.clientID
	detail := sr.What
	if rules.NamesCaller(caller, target) {
		detail = sr.What + rules.ByClient + caller
	}
	if sr.CountsOtherKeys {
		detail += fmt.Sprintf(" (%d other fields)", others)
	}
	f := finding(sr.UseCase, detail)
	if caller != target {
		f.ClientName = "" // the event's client_name is the caller's
	}
	f.ClientID = target
	r := classified(f)
	if sr.ChangesSecret && success && !f.Time.IsZero() {
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
