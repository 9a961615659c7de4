//go:build duckdb

package duckrun

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// call writes a sapi/fapi event in the real shape with the given raw JSON pieces.
func call(logID, typ, date, client, method, path, creds, user, body, sdk string) string {
	a0 := ""
	if sdk != "" {
		a0 = `,"auth0_client":` + sdk
	}
	return fmt.Sprintf(`{"_id":%[1]q,"log_id":%[1]q,"date":%s,"type":%q,"description":"x","client_id":%q,"client_name":"App %[4]s",`+
		`"details":{"request":{"auth":{"credentials":%s,"strategy":"jwt","user":%s},"body":%s,"channel":"api",`+
		`"method":%q,"path":%q,"query":{}},"response":{"body":{},"statusCode":201}},"user_id":null%s}`,
		logID, date, typ, client, creds, user, body, method, path, a0)
}

func link(id, path, creds, user, body string) string {
	return call(id, "sapi", `"2026-10-02T09:15:00.000Z"`, "spa", "POST", path, creds, user, body, "")
}

func simple(id, typ, date, client, extra string) string {
	return fmt.Sprintf(`{"log_id":%q,"date":%s,"type":%q,"client_id":%q%s}`, id, date, typ, client, extra)
}

// traps are events built around the traps of design section 5, one per line.
func traps() []string {
	const p = "/api/v2/users/auth0%7Cme/identities"
	const me = `{"user_id":"auth0|me"}`
	const srv = `{"scopes":["read:users","update:users"]}`
	const usr = `{"scopes":"openid update:current_user_identities"}`
	d := func(s string) string { return `"` + s + `"` }
	evs := []string{
		// Paths: percent-decoding per segment, prefix, slashes, arity, queries.
		link("p1", p, "{}", me, "{}"),
		link("p2", "/api/v2/users/a%2Fb/identities", "{}", `"a/b"`, "{}"),
		link("p3", "/api/v2/users/me/%69dentities", "{}", `"me"`, "{}"),
		link("p4", "/v2/users/auth0%7Cme/identities", "{}", me, "{}"),
		link("p5", "v2/users/auth0%7Cme/identities/", "{}", me, "{}"),
		link("p6", "/api/v2/users/auth0%7Cme/identities//", "{}", me, "{}"),
		link("p7", "/api/v2/users/auth0%zzme/identities", "{}", `"auth0%zzme"`, "{}"),
		link("p8", "/api/v2/users/%/identities", "{}", `"%"`, "{}"),
		link("p9", "/api/v2/users/%FF/identities", "{}", `"x"`, "{}"),
		link("p10", "/api/v2/users/a+b/identities", "{}", `"a+b"`, "{}"),
		link("p11", p+"?access_token=secret", srv, "{}", "{}"),
		link("p12", p+"#frag/x", srv, "{}", "{}"),
		link("p13", "/api/api/v2/users/x/identities", srv, "{}", "{}"),
		link("p14", "/API/v2/users/x/identities", srv, "{}", "{}"),
		link("p15", "/api/v2/users//identities", srv, "{}", "{}"),
		link("p16", "", srv, "{}", "{}"),
		link("p17", "/", srv, "{}", "{}"),
		link("p18", "/api/v2/users/x/identities/google/1", srv, "{}", "{}"),
		call("p19", "sapi", d("2026-10-02T09:15:00Z"), "spa", "DELETE", "/api/v2/users/x/identities/google-oauth2/1", "{}", `"x"`, "{}", ""),
		call("p20", "sapi", d("2026-10-02T09:15:00Z"), "spa", "delete", "/api/v2/users/x/identities/google-oauth2/1", srv, `"y"`, "{}", ""),
		call("p21", "sapi", d("2026-10-02T09:15:00Z"), "spa", "DELETE", "/api/v2/users/x/identities/google-oauth2", srv, "{}", "{}", ""),
		call("p22", "fapi", d("2026-10-02T09:15:00Z"), "spa", "DELETE", "/api/v2/users/x/identities/a/b", "null", "null", "null", ""),
		// Method case.
		call("m1", "sapi", d("2026-10-02T09:15:00Z"), "spa", "post", p, srv, "{}", "{}", ""),
		call("m2", "sapi", d("2026-10-02T09:15:00Z"), "spa", "pOsT", p, srv, "{}", "{}", ""),
		call("m3", "sapi", d("2026-10-02T09:15:00Z"), "spa", " POST", p, srv, "{}", "{}", ""),
		call("m4", "sapi", d("2026-10-02T09:15:00Z"), "spa", "GET", p, srv, "{}", "{}", ""),
		// Scopes: array or string, separators, empties, non-strings.
		link("s1", p, usr, me, `{"user_id":"1"}`),
		link("s2", p, `{"scopes":"openid\tupdate:users"}`, me, "{}"),
		link("s3", p, `{"scopes":"openid\u00a0update:current_user_identities"}`, me, "{}"),
		link("s4", p, `{"scopes":""}`, me, "{}"),
		link("s5", p, `{"scopes":"   "}`, me, "{}"),
		link("s6", p, `{"scopes":[]}`, me, "{}"),
		link("s7", p, `{"scopes":[1,null,{"a":"update:users"},["update:users"]]}`, me, "{}"),
		link("s8", p, `{"scopes":[""]}`, me, "{}"),
		link("s9", p, `{"scopes":[" "]}`, me, "{}"),
		link("s10", p, `{"scopes":["update:users read"]}`, me, "{}"),
		link("s11", p, `{"scopes":["update:current_user_metadata"]}`, me, `{"user_id":"1"}`),
		link("s12", p, `{"scopes":["read:current_user"]}`, me, `{"user_id":"1"}`),
		link("s13", p, `{"scopes":"update:usersx update:users"}`, "{}", "{}"),
		link("s14", p, `{"scopes":null}`, me, "{}"),
		link("s15", p, `{"scopes":42}`, me, "{}"),
		link("s16", p, `{"scopes":"update:users\u2003openid"}`, "{}", "{}"),
		// credentials and auth.user shapes; null, "" and missing.
		link("c1", p, "null", me, "{}"),
		link("c2", p, `"jwt"`, me, "{}"),
		link("c3", p, `{"jti":"abc"}`, me, "{}"),
		link("c4", p, "{}", `"auth0|me"`, "{}"),
		link("c5", p, "{}", `""`, "{}"),
		link("c6", p, "{}", "null", "{}"),
		link("c7", p, "{}", `{"user_id":null}`, "{}"),
		link("c8", p, "{}", `{"user_id":""}`, "{}"),
		link("c9", p, "{}", `{"user_id":"google|admin"}`, "{}"),
		link("c10", "/api/v2/users/123/identities", "{}", `{"user_id":123}`, "{}"),
		link("c11", p, "{}", `["auth0|me"]`, "{}"),
		link("c12", p, `[{"scopes":"update:users"}]`, me, "{}"),
		// Bodies: link_with, null, a JSON string, not JSON.
		link("b1", p, usr, me, `{"link_with":"eyJ.x.y"}`),
		link("b2", p, usr, me, `{"link_with":null,"user_id":"1"}`),
		link("b3", p, `{"scopes":["read:x"]}`, "{}", `"{\"link_with\":\"eyJ\"}"`),
		link("b4", p, `{"scopes":["read:x"]}`, "{}", `"{\"link_with\":"`),
		link("b5", p, `{"scopes":["read:x"]}`, "{}", `["link_with"]`),
		link("b6", p, srv, "{}", `{"link_with":""}`),
		link("b7", p, "{}", me, `{"link_with":"x"}`),
		// auth0.js.
		call("j1", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, "{}", me, "{}", `{"name":"auth0.js","version":"9"}`),
		call("j2", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, srv, "{}", "{}", `{"name":"auth0.js"}`),
		call("j3", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, usr, me, `{"link_with":"x"}`, `{"name":"auth0.js"}`),
		call("j4", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, `{"scopes":["x"]}`, me, "{}", `{"name":"auth0.js"}`),
		call("j5", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, "{}", "{}", "{}", `{"name":"auth0.js"}`),
		call("j6", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, srv, "{}", "{}", `"auth0.js"`),
		call("j7", "sapi", d("2026-10-02T09:15:00Z"), "spa", "POST", p, srv, "{}", "{}", `{"name":"Auth0.js"}`),
		// Secrets: rotations, custom sets, round trips, failures; the caller another client.
		call("r1", "sapi", d("2026-10-03T10:00:00.000Z"), "admin", "POST", "/api/v2/clients/web/rotate-secret", srv, "{}", "{}", ""),
		call("r2", "fapi", d("2026-10-01T10:00:00.000Z"), "web", "POST", "/api/v2/clients/web/rotate-secret", srv, "{}", "{}", ""),
		call("r3", "sapi", d("2026-10-04T10:00:00+02:00"), "m2m", "PATCH", "/api/v2/clients/m2m", srv, "{}", `{"client_secret":"*****","name":"x"}`, ""),
		call("r4", "sapi", d("2026-10-01T00:00:00Z"), "tf", "PATCH", "/api/v2/clients/tf", srv, "{}", `{"client_secret":"*****","a":1,"b":2,"c":3}`, ""),
		call("r5", "sapi", d("2026-10-01T00:00:00Z"), "x", "PATCH", "/api/v2/clients/x", srv, "{}", `{"name":"no secret"}`, ""),
		call("r6", "sapi", d("2026-10-01T00:00:00Z"), "nul", "PATCH", "/api/v2/clients/nul", srv, "{}", `{"client_secret":null}`, ""),
		call("r7", "sapi", d("2026-10-01T00:00:00Z"), "dup", "PATCH", "/api/v2/clients/dup", srv, "{}", `{"client_secret":"a","client_secret":"b","x":1,"y":2}`, ""),
		call("r8", "sapi", d("2026-10-01T00:00:00Z"), "str", "PATCH", "/api/v2/clients/str", srv, "{}", `"{\"client_secret\":\"*****\"}"`, ""),
		call("r9", "sapi", "1790000000000", "ms", "POST", "/api/v2/clients/ms/rotate-secret", srv, "{}", "{}", ""),
		call("r10", "sapi", d("not a date"), "nodate", "POST", "/api/v2/clients/nodate/rotate-secret", srv, "{}", "{}", ""),
		call("r11", "sapi", d("2026-10-05T00:00:00Z"), "web", "POST", "/api/v2/clients/web/rotate-secret", srv, "{}", "{}", ""),
		call("r12", "sapi", d("2026-10-03T10:00:00.000Z"), "", "POST", "/api/v2/clients/anon/rotate-secret", srv, "{}", "{}", ""),
		// Failed exchanges: before, at and after a change; dates as numbers, with offsets, absent.
		simple("f1", d("2026-10-03T10:00:00.001Z"), "feccft", "web", ""),
		simple("f2", d("2026-10-03T10:00:00.000Z"), "feccft", "web", ""),
		simple("f3", d("2026-10-02T10:00:00Z"), "feccft", "web", ""),
		simple("f4", d("2026-10-03T12:00:00.5+02:00"), "feccft", "web", ""),
		simple("f5", "1790000000001", "feccft", "ms", ""),
		simple("f6", "1790000000000.9", "feccft", "ms", ""),
		simple("f7", d("2026-10-05T00:00:00Z"), "feccft", "m2m", ""),
		simple("f8", d("2026-10-05T00:00:00Z"), "feccft", "tf", ""),
		simple("f9", d("2026-10-05T00:00:00Z"), "feccft", "", ""),
		simple("f10", "null", "feccft", "web", ""),
		simple("f11", d("2026-10-04T07:59:59.999999999Z"), "feccft", "m2m", ""),
		simple("f12", d("2026-10-04T08:00:00.000000001Z"), "feccft", "m2m", ""),
		simple("f13", d("2026-02-29T00:00:00Z"), "feccft", "web", ""),
		simple("f14", d("2026-10-05T24:00:00Z"), "feccft", "web", ""),
		simple("f15", d("2026-10-05T00:00:00+24:00"), "feccft", "web", ""),
		simple("f16", d("9999-12-31T23:59:59-01:00"), "feccft", "web", ""),
		simple("f17", d("0001-01-01T00:00:00Z"), "feccft", "web", ""),
		simple("f18", d("2026-10-05T1:00:00Z"), "feccft", "web", ""),
		simple("f19", d("2026-10-05T10:00:00,5Z"), "feccft", "web", ""),
		simple("f20", d("2026-10-05T10:00:00.Z"), "feccft", "web", ""),
		simple("f21", d("2026-10-05t10:00:00z"), "feccft", "web", ""),
		simple("f22", "1e15", "feccft", "web", ""),
		simple("f23", d("2026-10-05T10:00:00Z\n"), "feccft", "web", ""),
		simple("f24", `"2026-10-05T10:00:00Z"`, "feccft", "web", `,"client_id":"other"`),
		simple("f25", d("2026-10-05Tab:cd:efZ"), "feccft", "web", ""),
		simple("f26", d("2026-1x-05T10:00:00Z"), "feccft", "web", ""),
		simple("f27", d("2026-10-05T10:00:00+ab:cd"), "feccft", "web", ""),
		// Secret reads and notices.
		simple("a1", d("2026-10-05T00:00:00Z"), "mgmt_api_read", "web", `,"details":{"accessedSecrets":["client_secret"]}`),
		simple("a2", d("2026-10-05T00:00:00Z"), "mgmt_api_read", "web", `,"details":{"accessedSecrets":{"client_secret":1}}`),
		simple("a3", d("2026-10-05T00:00:00Z"), "mgmt_api_read", "web", `,"details":{"accessedSecrets":"client_secret,x"}`),
		simple("a4", d("2026-10-05T00:00:00Z"), "mgmt_api_read", "web", `,"details":{"accessedSecrets":["signing_keys"]}`),
		simple("a5", d("2026-10-05T00:00:00Z"), "mgmt_api_read", "web", `,"details":{}`),
		simple("n1", d("2026-10-05T00:00:00Z"), "depnote", "web", ""),
		simple("n2", d("2026-10-05T00:00:00Z"), "Depnote", "web", ""),
		// Dedupe on log_id: same content, other content, ids only in envelopes, numeric ids.
		simple("n1", d("2026-10-05T00:00:00Z"), "depnote", "web", ""),
		simple("a1", d("2026-10-06T00:00:00Z"), "depnote", "web", ""),
		`{"log_id":"e1","data":{"date":"2026-10-05T00:00:00Z","type":"depnote"}}`,
		`{"log_id":"e1","data":{"log_id":"","date":"2026-10-05T00:00:00Z","type":"depnote"}}`,
		`{"log_id":"e2","data":{"log_id":null,"date":"2026-10-05T00:00:00Z","type":"depnote"}}`,
		`{"log_id":7,"date":"2026-10-05T00:00:00Z","type":"depnote"}`,
		`{"log_id":7,"date":"2026-10-05T00:00:00Z","type":"depnote"}`,
		`{"date":"2026-10-05T00:00:00Z","type":"depnote"}`,
		`{"date":"2026-10-05T00:00:00Z","type":"depnote"}`,
		// Envelopes: log stream, EventBridge, Splunk, pages, arrays, nesting.
		`{"detail-type":"Auth0 log","source":"aws.partner/auth0.com","detail":{"log_id":"v1","data":{"date":"2026-10-05T00:00:00Z","type":"depnote"}}}`,
		`{"result":{"_raw":"{\"log_id\":\"v2\",\"type\":\"depnote\",\"date\":\"2026-10-05T00:00:00Z\"}"}}`,
		`{"_raw":"{\"log_id\":\"v3\",\"type\":\"depnote\"}"}`,
		`{"_raw":"{\"log_id\":\"v4\",\"type\":\"depnote\""}`,
		`{"_raw":"[{\"log_id\":\"v5\",\"type\":\"depnote\"}]"}`,
		`{"start":0,"limit":2,"length":2,"total":2,"logs":[{"log_id":"v6","type":"depnote"},{"log_id":"v7","data":{"type":"depnote"}},3]}`,
		`[{"log_id":"v8","data":{"type":"depnote"}},{"log_id":"v9","type":"depnote"},"x",[{"log_id":"v10","type":"depnote"}]]`,
		`{"log_id":"v11","data":{"log_id":"v11b","data":{"log_id":"v11c","data":{"type":"depnote"}}}}`,
		`{"a":{"log_id":"v12","type":"depnote"}}`,
		`{"log_id":"v13","data":{"data":{"data":{"data":{"type":"depnote"}}}}}`,
		`{"log_id":"v14","data":{"data":{"data":{"data":{"data":{"type":"depnote"}}}}}}`,
		`{"log_id":"v15","type":"x","data":{"type":"depnote"}}`,
		`{"detail":{"log_id":"v16","type":"depnote"},"data":{"log_id":"v16b","type":"feccft"}}`,
		`{"log_id":"v17","data":"{\"type\":\"depnote\"}"}`,
		// Escapes and duplicates.
		`{"log_id":"x1","type":"dep\u006eote","date":"2026-10-05T00:00:00Z"}`,
		`{"log_id":"x2","type":"depnote","type":"s"}`,
		`{"log_id":"x3","type":"s","type":"depnote"}`,
		`{"log_id":"x4","type":"sapi","details":{"request":{"method":"POST","path":"\/api\/v2\/users\/me\/identities","auth":{"user":"me"}}}}`,
		`{"log_id":"x5","type":"sapi","details":{"request":{"method":"POST","path":"/api/v2/users/me\u002fidentities","auth":{"user":"me"}}}}`,
		`{"log_id":"x6","type":"sapi","details":{"request":{"method":"POST","path":"/api/v2/users/me/identities","path":"/x","auth":{"user":"me"}}}}`,
		`{"log_id":"x7","type":"sapi","details":{"request":{"method":"P\u004fST","path":"/api/v2/users/me/identities","auth":{"user":"me"}}}}`,
		`{"ty\u0070e":"depnote","log_id":"x8"}`,
		// Not events.
		`{"log_id":"y1","type":"depnote",}`,
		`{"log_id":"y2","type":"depnote","n":NaN}`,
		`{"log_id":"y3","type":"depnote"`,
		`["not","events"]`,
		`"depnote"`,
	}
	return evs
}

// TestTraps: each trap alone, then all of them as one input (dedupe and secret-stale-use act
// across events).
func TestTraps(t *testing.T) {
	r := newRunner(t)
	evs := traps()
	var cases []scanCase
	for i, ev := range evs {
		cases = append(cases, scanCase{fmt.Sprintf("trap %d: %s", i, ev), []input{{"trap.ndjson", []byte(ev + "\n")}}})
	}
	// All of them together, and in reverse order too: API exports are newest first.
	rev := make([]string, len(evs))
	for i, ev := range evs {
		rev[len(evs)-1-i] = ev
	}
	cases = append(cases, scanCase{"all traps", []input{{"traps.ndjson", []byte(strings.Join(evs, "\n") + "\n")}}},
		scanCase{"all traps, reversed", []input{{"traps.ndjson", []byte(strings.Join(rev, "\n"))}}})
	n := checkCases(t, r, cases)
	t.Logf("%d traps, %d findings in all", len(evs), n)
}

// TestShuffledTraps: the traps in random orders and random envelopes, as a few inputs.
func TestShuffledTraps(t *testing.T) {
	r := newRunner(t)
	evs := traps()
	rng := rand.New(rand.NewPCG(1, 15))
	var cases []scanCase
	for round := range 5 {
		rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
		var b strings.Builder
		for i, ev := range evs {
			switch rng.IntN(4) {
			case 0:
				fmt.Fprintf(&b, `{"log_id":"env%d","data":%s}`, i, ev)
			case 1:
				fmt.Fprintf(&b, `[%s]`, ev)
			default:
				b.WriteString(ev)
			}
			b.WriteByte('\n')
		}
		cases = append(cases, scanCase{fmt.Sprintf("shuffle %d", round), []input{{"shuffled.ndjson", []byte(b.String())}}})
	}
	checkCases(t, r, cases)
}
