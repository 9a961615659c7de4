package classify

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// apiCall builds a sapi/fapi event in the real shape (field order and nulls as in go-auth0's
// recordings), with the given raw JSON for credentials, auth.user and body.
type apiCall struct {
	typ, method, path           string
	credentials, user, body     string
	status                      int
	auth0Client, clientID, date string
}

func (c apiCall) json() string {
	if c.typ == "" {
		c.typ = "sapi"
	}
	if c.credentials == "" {
		c.credentials = "{}"
	}
	if c.user == "" {
		c.user = "{}"
	}
	if c.body == "" {
		c.body = "{}"
	}
	if c.status == 0 {
		c.status = 201
	}
	if c.clientID == "" {
		c.clientID = "naTYUHwINwCEtmhj8umEL7bHoB57L5e2"
	}
	if c.date == "" {
		c.date = "2026-10-02T09:15:00.000Z"
	}
	a0 := ""
	if c.auth0Client != "" {
		a0 = `,"auth0_client":{"name":"` + c.auth0Client + `","version":"9.24.1"}`
	}
	return fmt.Sprintf(`{"_id":"9001","log_id":"9001","date":%q,"type":%q,"description":"Link a user account",`+
		`"connection":null,"client_id":%q,"client_name":"","ip":"[REDACTED]","hostname":null,`+
		`"details":{"request":{"auth":{"credentials":%s,"strategy":"jwt","user":%s},"body":%s,"channel":"api",`+
		`"ip":"198.51.100.7","method":%q,"path":%q,"query":{},"userAgent":"Go-Auth0-SDK/latest"},`+
		`"response":{"body":{},"statusCode":%d}},"user_id":null,"user_name":null%s}`,
		c.date, c.typ, c.clientID, c.credentials, c.user, c.body, c.method, c.path, c.status, a0)
}

const (
	linkPath   = "/api/v2/users/auth0%7Cprimary/identities"
	unlinkPath = "/api/v2/users/auth0%7Cprimary/identities/google-oauth2/1087"
	self       = `{"user_id":"auth0|primary","name":"P"}`
	idBody     = `{"provider":"google-oauth2","user_id":"1087"}`
	serverSc   = `{"scopes":["read:users","update:users"]}`
	userSc     = `{"scopes":"openid profile update:current_user_identities"}`
	otherSc    = `{"scopes":["read:current_user"]}`
)

func TestEventRules(t *testing.T) {
	tests := []struct {
		name string
		ev   apiCall
		want usecase.ID // "" = irrelevant
		conf usecase.Confidence
	}{
		// Links, rows 1-4.
		{"id token: no scopes, caller is path user", apiCall{method: "post", path: linkPath, user: self, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token: credentials null, auth.user a string", apiCall{method: "post", path: linkPath, credentials: "null", user: `"auth0|primary"`, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token: credentials {jti}", apiCall{method: "POST", path: linkPath, credentials: `{"jti":"abc"}`, user: self, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token: credentials a string", apiCall{method: "post", path: linkPath, credentials: `"jwt"`, user: self, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token: empty scopes array", apiCall{method: "post", path: linkPath, credentials: `{"scopes":[]}`, user: self, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token: empty scopes string", apiCall{method: "post", path: linkPath, credentials: `{"scopes":""}`, user: self, body: idBody},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"id token wins over link_with", apiCall{method: "post", path: linkPath, user: self, body: `{"link_with":"x"}`},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"server token with user_id", apiCall{method: "post", path: linkPath, credentials: serverSc, body: idBody},
			usecase.LinkUserIDUpdateUsers, usecase.Confirmed},
		{"server token as a scope string", apiCall{method: "post", path: linkPath, credentials: `{"scopes":"read:users update:users"}`, body: idBody},
			usecase.LinkUserIDUpdateUsers, usecase.Confirmed},
		{"user token with user_id", apiCall{method: "post", path: linkPath, credentials: userSc, user: self, body: idBody},
			usecase.LinkUserIDCurrentUser, usecase.Confirmed},
		{"user token, doc misspelling", apiCall{method: "post", path: linkPath, credentials: `{"scopes":["update:current_user_metadata"]}`, user: self, body: idBody},
			usecase.LinkUserIDCurrentUser, usecase.Confirmed},
		{"both scopes: server wins", apiCall{method: "post", path: linkPath, credentials: `{"scopes":["update:current_user_identities","update:users"]}`, body: idBody},
			usecase.LinkUserIDUpdateUsers, usecase.Confirmed},
		{"link_with with user token", apiCall{method: "post", path: linkPath, credentials: userSc, user: self, body: `{"link_with":"eyJ.x.y"}`},
			usecase.LinkWithIDToken, usecase.Confirmed},
		{"link_with with server token", apiCall{method: "post", path: linkPath, credentials: serverSc, body: `{"link_with":"eyJ.x.y"}`},
			usecase.LinkWithIDToken, usecase.Confirmed},
		{"link_with null is not link_with", apiCall{method: "post", path: linkPath, credentials: userSc, user: self, body: `{"link_with":null,"user_id":"1"}`},
			usecase.LinkUserIDCurrentUser, usecase.Confirmed},
		{"body as a JSON string", apiCall{method: "post", path: linkPath, credentials: otherSc, body: `"{\"link_with\":\"eyJ\"}"`},
			usecase.LinkWithIDToken, usecase.Confirmed},
		{"admin acting on someone else: undetermined", apiCall{method: "post", path: linkPath, user: `{"user_id":"google-oauth2|admin"}`, body: idBody},
			usecase.LinkUndetermined, usecase.Unknown},
		{"other access token, user_id: undetermined", apiCall{method: "post", path: linkPath, credentials: otherSc, user: self, body: idBody},
			usecase.LinkUndetermined, usecase.Unknown},
		{"no evidence at all: undetermined", apiCall{method: "post", path: linkPath, credentials: "null", user: "null", body: idBody},
			usecase.LinkUndetermined, usecase.Unknown},
		{"fapi keeps its row", apiCall{typ: "fapi", method: "post", path: linkPath, user: self, body: idBody, status: 401},
			usecase.LinkIDTokenBearer, usecase.Suspected},

		// auth0.js, rows 5-7.
		{"auth0.js id token", apiCall{method: "post", path: linkPath, user: self, auth0Client: "auth0.js"},
			usecase.Auth0jsIDToken, usecase.Suspected},
		{"auth0.js update:users", apiCall{method: "post", path: linkPath, credentials: serverSc, auth0Client: "auth0.js"},
			usecase.Auth0jsUpdateUsers, usecase.Confirmed},
		{"auth0.js user token", apiCall{method: "post", path: linkPath, credentials: userSc, user: self, body: `{"link_with":"x"}`, auth0Client: "auth0.js"},
			usecase.Auth0jsCurrentUser, usecase.Confirmed},
		{"auth0.js other scopes", apiCall{method: "post", path: linkPath, credentials: otherSc, user: self, auth0Client: "auth0.js"},
			usecase.LinkUndetermined, usecase.Unknown},
		{"another SDK is not auth0.js", apiCall{method: "post", path: linkPath, credentials: serverSc, body: idBody, auth0Client: "auth0-spa-js"},
			usecase.LinkUserIDUpdateUsers, usecase.Confirmed},

		// Unlinks, rows 8-9.
		{"unlink id token", apiCall{method: "DELETE", path: unlinkPath, user: self}, usecase.UnlinkIDTokenBearer, usecase.Suspected},
		{"unlink server token", apiCall{method: "delete", path: unlinkPath, credentials: serverSc}, usecase.UnlinkAccessToken, usecase.Confirmed},
		{"unlink user token", apiCall{method: "delete", path: unlinkPath, credentials: userSc, user: self}, usecase.UnlinkAccessToken, usecase.Confirmed},
		{"unlink other scopes", apiCall{method: "delete", path: unlinkPath, credentials: otherSc}, usecase.UnlinkAccessToken, usecase.Confirmed},
		{"unlink unknown", apiCall{method: "delete", path: unlinkPath}, usecase.UnlinkUndetermined, usecase.Unknown},

		// Path traps.
		{"missing /api prefix", apiCall{method: "post", path: "/v2/users/auth0%7Cprimary/identities", user: self},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"trailing slash", apiCall{method: "post", path: linkPath + "/", user: self}, usecase.LinkIDTokenBearer, usecase.Suspected},
		{"mixed-case method", apiCall{method: "Post", path: linkPath, credentials: serverSc}, usecase.LinkUserIDUpdateUsers, usecase.Confirmed},
		{"query string ignored", apiCall{method: "post", path: linkPath + "?access_token=secret", credentials: serverSc}, usecase.LinkUserIDUpdateUsers, usecase.Confirmed},
		{"encoded slash stays in its segment", apiCall{method: "post", path: "/api/v2/users/a%2Fb/identities", user: `{"user_id":"a/b"}`},
			usecase.LinkIDTokenBearer, usecase.Suspected},
		{"GET identities is not a link", apiCall{method: "get", path: linkPath, user: self}, "", ""},
		{"extra segment is not a link", apiCall{method: "post", path: linkPath + "/x", user: self}, "", ""},
		{"POST to the unlink path is not a link", apiCall{method: "post", path: unlinkPath, user: self}, "", ""},
		{"DELETE with one segment too few", apiCall{method: "delete", path: "/api/v2/users/auth0%7Cprimary/identities/google-oauth2"}, "", ""},
		{"two slashes do not count", apiCall{method: "post", path: "/api/v2/users//identities", user: self}, "", ""},
		{"create user is irrelevant", apiCall{method: "post", path: "/api/v2/users", credentials: serverSc}, "", ""},

		// Secrets.
		{"rotate", apiCall{method: "post", path: "/api/v2/clients/abc/rotate-secret", credentials: serverSc}, usecase.SecretRotate, usecase.Confirmed},
		{"rotate failed", apiCall{typ: "fapi", method: "POST", path: "/v2/clients/abc/rotate-secret", status: 403}, usecase.SecretRotate, usecase.Confirmed},
		{"set custom", apiCall{method: "patch", path: "/api/v2/clients/abc", body: `{"client_secret":"*****"}`}, usecase.SecretSetCustom, usecase.Confirmed},
		{"set custom with two other keys", apiCall{method: "patch", path: "/api/v2/clients/abc", body: `{"client_secret":"*****","name":"a","description":"b"}`},
			usecase.SecretSetCustom, usecase.Confirmed},
		{"full update with three other keys", apiCall{method: "PATCH", path: "/api/v2/clients/abc", body: `{"client_secret":"*****","name":"a","app_type":"spa","callbacks":[]}`},
			usecase.SecretInClientUpdate, usecase.Confirmed},
		{"PATCH without client_secret", apiCall{method: "patch", path: "/api/v2/clients/abc", body: `{"name":"a"}`}, "", ""},
		{"PATCH of a client's sub-resource", apiCall{method: "patch", path: "/api/v2/clients/abc/credentials/x", body: `{"client_secret":"*****"}`}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.ev.json()
			r := Event([]byte(raw), "")
			if tt.want == "" {
				if r.Kind != Irrelevant {
					t.Fatalf("got %s, want irrelevant", r.Finding.UseCase)
				}
				return
			}
			if r.Kind != Classified || r.Finding.UseCase != tt.want || r.Finding.Confidence != tt.conf {
				t.Fatalf("got kind %d %s/%s, want %s/%s", r.Kind, r.Finding.UseCase, r.Finding.Confidence, tt.want, tt.conf)
			}
			f := r.Finding
			if f.Status != tt.want.Status() || f.Source != usecase.FromLogs || f.LogID != "9001" {
				t.Errorf("finding fields: %+v", f)
			}
			if strings.Contains(f.Path, "?") || strings.Contains(f.Path, "%") || !strings.HasPrefix(f.Path, "/api/v2/") {
				t.Errorf("path %q: want decoded, /api-prefixed, without query", f.Path)
			}
			if f.Method != strings.ToUpper(tt.ev.method) {
				t.Errorf("method %q", f.Method)
			}
			if !f.Time.Equal(time.Date(2026, 10, 2, 9, 15, 0, 0, time.UTC)) {
				t.Errorf("time %v", f.Time)
			}
			if f.StatusCode != tt.ev.statusOr201() {
				t.Errorf("status code %d", f.StatusCode)
			}
		})
	}
}

func (c apiCall) statusOr201() int {
	if c.status == 0 {
		return 201
	}
	return c.status
}

func TestLinkFindingNamesPathUserAndNoToken(t *testing.T) {
	const token = "eyJhbGciOiJSUzI1NiJ9.c2Vjb25kYXJ5.c2ln"
	r := Event([]byte(apiCall{method: "post", path: linkPath, credentials: userSc, user: self,
		body: `{"link_with":"` + token + `"}`}.json()), "")
	if r.Finding.UserID != "auth0|primary" || r.Finding.Path != "/api/v2/users/auth0|primary/identities" {
		t.Errorf("user %q path %q", r.Finding.UserID, r.Finding.Path)
	}
	if s := fmt.Sprintf("%+v", r); strings.Contains(s, token) || strings.Contains(s, "c2Vjb25kYXJ5") {
		t.Errorf("the link_with token reached the result: %s", s)
	}
}

func TestSecretChanges(t *testing.T) {
	ok := Event([]byte(apiCall{method: "post", path: "/api/v2/clients/target/rotate-secret", clientID: "caller"}.json()), "")
	if !ok.SecretChanged || ok.ChangedClient != "target" || ok.Finding.ClientID != "target" ||
		!strings.Contains(ok.Finding.Detail, "by client caller") {
		t.Errorf("successful rotation: %+v", ok)
	}
	failed := Event([]byte(apiCall{typ: "fapi", method: "post", path: "/api/v2/clients/target/rotate-secret", status: 403}.json()), "")
	if failed.SecretChanged {
		t.Error("a failed rotation changed nothing")
	}
	set := Event([]byte(apiCall{method: "patch", path: "/api/v2/clients/target", body: `{"client_secret":"*****"}`}.json()), "")
	if !set.SecretChanged || set.ChangedClient != "target" {
		t.Errorf("custom secret set: %+v", set)
	}
	full := Event([]byte(apiCall{method: "patch", path: "/api/v2/clients/target",
		body: `{"client_secret":"*****","a":1,"b":2,"c":3}`}.json()), "")
	if full.SecretChanged {
		t.Error("a full-object update is not counted as a change")
	}
}

func TestOtherEventTypes(t *testing.T) {
	tests := []struct {
		name, raw string
		kind      Kind
		want      usecase.ID
	}{
		{"depnote", `{"log_id":"1","type":"depnote","date":"2026-10-01T00:00:00Z","details":{"request":{"method":"post","path":"/api/v2/users/x/identities"}}}`,
			Classified, usecase.DeprecationNotice},
		{"secret read, array", `{"log_id":"2","type":"mgmt_api_read","details":{"accessedSecrets":["client_secret"]}}`, Classified, usecase.SecretRead},
		{"secret read, string", `{"log_id":"2","type":"mgmt_api_read","details":{"accessedSecrets":"client_secret"}}`, Classified, usecase.SecretRead},
		{"read without the secret", `{"log_id":"3","type":"mgmt_api_read","details":{"accessedSecrets":["other"]}}`, Irrelevant, ""},
		{"read without accessedSecrets", `{"log_id":"3","type":"mgmt_api_read","details":null}`, Irrelevant, ""},
		{"feccft", `{"log_id":"4","type":"feccft","date":"2026-10-01T00:00:00.000Z","client_id":"c"}`, FailedExchange, usecase.SecretStaleUse},
		{"feccft without date", `{"log_id":"4","type":"feccft","client_id":"c"}`, Irrelevant, ""},
		{"seccft", `{"log_id":"5","type":"seccft","client_id":"c"}`, Irrelevant, ""},
		{"login", `{"log_id":"6","type":"s","details":{"request":{"method":"post","path":"/api/v2/users/x/identities"}}}`, Irrelevant, ""},
		{"nested type does not count", `{"log_id":"7","type":"s","details":{"type":"sapi"}}`, Irrelevant, ""},
		{"epoch millisecond date", `{"log_id":"8","type":"depnote","date":1790000000000}`, Classified, usecase.DeprecationNotice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Event([]byte(tt.raw), "")
			if r.Kind != tt.kind || (tt.want != "" && r.Finding.UseCase != tt.want) {
				t.Fatalf("got %d %s, want %d %s", r.Kind, r.Finding.UseCase, tt.kind, tt.want)
			}
		})
	}
	if r := Event([]byte(`{"type":"depnote"}`), "from-envelope"); r.Finding.LogID != "from-envelope" {
		t.Errorf("envelope log_id not used: %q", r.Finding.LogID)
	}
}

func TestPrefilter(t *testing.T) {
	tests := []struct {
		line             string
		candidate, typed bool
	}{
		{`{"log_id":"1","type":"s","description":"x"}`, false, true},
		{`{"log_id":"1","type":"sapi","details":{"request":{"path":"/api/v2/users/a%7Cb/identities"}}}`, true, true},
		{`{"log_id":"1", "type" : "fapi","details":{"request":{"path":"/v2/clients/abc/rotate-secret"}}}`, true, true},
		{`{"log_id":"1","type":"sapi","details":{"request":{"path":"/api/v2/users"}}}`, false, true},
		{`{"log_id":"1","type":"sapi","details":{"request":{"path":"/api/v2/users/%69dentities"}}}`, true, true},
		{`{"log_id":"1","type":"sapi","details":{"request":{"path":"\/api\/v2\/users\/x\/identities"}}}`, true, true},
		{`{"log_id":"1","type":"sapi","details":{"request":{"path":"/api/v2/users/x/%69dentities"}}}`, true, true},
		{`{"log_id":"1","type":"sapi"}`, false, true},
		{`{"log_id":"1","type":"feccft"}`, true, true},
		{`{"type":"s","details":{"body":{"type":"feccft"}}}`, false, true}, // the top-level type decides
		{`{"details":{"body":{"type":"s"}},"type":"depnote"}`, true, true}, // re-sorted keys: every type counts
		{`{"email_type":"sapi","type":"f"}`, false, true},
		{`{"log_id":"1","data":{"type":"depnote"}}`, true, true},
		{`{"detail-type":"Auth0 log","detail":{"log_id":"1","data":{"type":"s"}}}`, false, true},
		{`{"result":{"_raw":"{\"type\":\"sapi\"}"}}`, false, false},
		{`{"log_id":"1"}`, false, false},
		{`{"type":`, false, true},
	}
	for _, tt := range tests {
		c, typed := Prefilter([]byte(tt.line))
		if c != tt.candidate || typed != tt.typed {
			t.Errorf("Prefilter(%s) = %v, %v; want %v, %v", tt.line, c, typed, tt.candidate, tt.typed)
		}
	}
}

func TestRealRecordedEventsAreIrrelevant(t *testing.T) {
	// The 27 real events from go-auth0's recordings: user creation and deletion, roles,
	// organisations, seccft, ss, fn. None is a link, unlink or rotation.
	r := Event([]byte(`{"log_id":"90020230314134133126616000000000000001223372037861797164","date":"2023-03-14T13:41:28.539Z","type":"sapi","details":{"request":{"auth":{"credentials":{"scopes":["update:users"]},"strategy":"jwt","user":{}},"method":"delete","path":"/api/v2/users/auth0%7C64107988d3534be8b2dc383d"},"response":{"statusCode":204}}}`), "")
	if r.Kind != Irrelevant {
		t.Errorf("DELETE /users/{id} classified as %s", r.Finding.UseCase)
	}
}

func TestLeadingTypeMatchesTheEventType(t *testing.T) {
	lines := []string{
		`{"_id":"1","log_id":"1","date":"2026-10-01T00:00:00.000Z","type":"sapi","details":{}}`,
		`{"log_id":"1","type":"s"}`,
		`{"a":"x\"","type":"sapi"}`,                                    // escape: fall back
		`{"a":1,"type":"sapi"}`,                                        // non-string value: fall back
		`{"a":"b","c":"d","e":"f","g":"h","i":"j","k":"l","type":"s"}`, // too far: fall back
		`{"type":"depnote"}`,
	}
	for _, l := range lines {
		v, ok := leadingType([]byte(l))
		if ok && string(v) != gjsonType(l) {
			t.Errorf("leadingType(%s) = %q, the event's type is %q", l, v, gjsonType(l))
		}
	}
	if _, ok := leadingType([]byte(lines[0])); !ok {
		t.Error("the Auth0 layout is not read by the fast path")
	}
}

func gjsonType(l string) string { return gjson.Get(l, "type").String() }
