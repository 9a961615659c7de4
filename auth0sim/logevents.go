package auth0sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// logEvent is a tenant log event in the shape GET /api/v2/logs returns (field order included).
type logEvent struct {
	ID               string  `json:"_id"`
	LogID            string  `json:"log_id"`
	Date             string  `json:"date"`
	Type             string  `json:"type"`
	Description      string  `json:"description"`
	Connection       *string `json:"connection"`
	ConnectionID     *string `json:"connection_id"`
	OrganizationID   *string `json:"organization_id"`
	OrganizationName *string `json:"organization_name"`
	ClientID         string  `json:"client_id"`
	ClientName       string  `json:"client_name"`
	IP               string  `json:"ip"`
	Hostname         *string `json:"hostname"`
	Details          any     `json:"details"`
	UserID           *string `json:"user_id"`
	UserName         *string `json:"user_name"`
	UserAgent        string  `json:"user_agent"`
	// Auth0Client is the decoded Auth0-Client header the SDKs send (auth0.js, go-auth0...).
	Auth0Client  map[string]any `json:"auth0_client,omitempty"`
	Audience     *string        `json:"audience"`
	Scope        *string        `json:"scope"`
	Strategy     *string        `json:"strategy"`
	StrategyType *string        `json:"strategy_type"`
	IsMobile     bool           `json:"isMobile"`
	LocationInfo any            `json:"location_info"`
}

type apiCallDetails struct {
	Request         apiCallRequest  `json:"request"`
	Response        apiCallResponse `json:"response"`
	AccessedSecrets []string        `json:"accessedSecrets,omitempty"`
}

type apiCallRequest struct {
	Method    string         `json:"method"`
	Path      string         `json:"path"`
	Query     map[string]any `json:"query"`
	Body      any            `json:"body"`
	Channel   string         `json:"channel"`
	IP        string         `json:"ip"`
	UserAgent string         `json:"userAgent"`
	Auth      *apiCallAuth   `json:"auth,omitempty"`
}

type apiCallAuth struct {
	User        map[string]any `json:"user"`
	Strategy    string         `json:"strategy"`
	Credentials map[string]any `json:"credentials"`
}

type apiCallResponse struct {
	StatusCode int `json:"statusCode"`
	Body       any `json:"body"`
}

// maskedValue replaces secrets and tokens in logged bodies, as Auth0 does.
const maskedValue = "*****"

// secretKeys are body keys whose values never reach a log in clear.
var secretKeys = map[string]bool{"client_secret": true, "link_with": true, "password": true}

// masked returns a deep copy of v (a decoded JSON value or a Go value that marshals to one)
// with every secret key's value replaced by "*****".
func masked(v any) any {
	if v == nil {
		return nil
	}
	var generic any
	b, err := json.Marshal(v)
	if err != nil || json.Unmarshal(b, &generic) != nil {
		return nil
	}
	return maskValue(generic)
}

func maskValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if secretKeys[k] {
				if val != nil {
					t[k] = maskedValue
				}
				continue
			}
			t[k] = maskValue(val)
		}
		return t
	case []any:
		for i := range t {
			t[i] = maskValue(t[i])
		}
		return t
	default:
		return v
	}
}

// logAPICallLocked records a Management API call (see managementAPI for which calls).
func (s *Server) logAPICallLocked(c *call, description string, status int, respBody any) {
	write := c.r.Method != http.MethodGet
	failed := status >= 400
	var typ string
	switch {
	case failed:
		typ = "fapi"
	case write:
		typ = "sapi"
	case len(c.accessedSecrets) > 0:
		typ = "mgmt_api_read"
	default:
		return
	}
	query := map[string]any{}
	for k, v := range c.r.URL.Query() {
		query[k] = strings.Join(v, ",")
	}
	req := apiCallRequest{
		Method:    strings.ToLower(c.r.Method),
		Path:      c.r.URL.EscapedPath(),
		Query:     query,
		Body:      masked(c.body),
		Channel:   "api",
		IP:        remoteIP(c.r),
		UserAgent: c.r.UserAgent(),
	}
	if req.Body == nil {
		req.Body = map[string]any{}
	}
	ev := s.newEventLocked(typ, description)
	ev.IP = req.IP
	ev.UserAgent = userAgentFamily(c.r)
	ev.Auth0Client = auth0ClientInfo(c.r)
	if c.p != nil {
		req.Auth = &apiCallAuth{Strategy: "jwt", User: map[string]any{}, Credentials: map[string]any{}}
		if len(c.p.scopes) > 0 {
			req.Auth.Credentials["scopes"] = c.p.scopes
		}
		if c.p.jti != "" {
			req.Auth.Credentials["jti"] = c.p.jti
		}
		if uid := c.p.userID(); uid != "" {
			req.Auth.User["user_id"] = uid
			if u, ok := s.users[uid]; ok {
				req.Auth.User["name"] = u.Name
				req.Auth.User["email"] = u.Email
			}
			ev.UserID = &uid
		}
		ev.ClientID = c.p.clientID
		if cl, ok := s.clients[c.p.clientID]; ok {
			ev.ClientName = cl.Name
		}
	}
	details := apiCallDetails{Request: req, Response: apiCallResponse{StatusCode: status, Body: masked(respBody)}}
	if typ == "mgmt_api_read" {
		details.AccessedSecrets = c.accessedSecrets
	}
	ev.Details = details
	s.appendEventLocked(ev)
}

// logTokenExchangeLocked records a client-credentials exchange (seccft or feccft).
func (s *Server) logTokenExchangeLocked(r *http.Request, clientID, audience, scope, failure string) {
	typ, desc := "seccft", ""
	if failure != "" {
		typ, desc = "feccft", failure
	}
	ev := s.newEventLocked(typ, desc)
	ev.ClientID = clientID
	if cl, ok := s.clients[clientID]; ok {
		ev.ClientName = cl.Name
	}
	ev.IP = remoteIP(r)
	ev.UserAgent = userAgentFamily(r)
	host := s.domain
	ev.Hostname = &host
	empty := ""
	ev.UserID, ev.UserName, ev.ConnectionID = &empty, &empty, &empty
	if audience != "" {
		ev.Audience = &audience
	}
	if scope != "" {
		ev.Scope = &scope
	}
	s.appendEventLocked(ev)
}

func (s *Server) newEventLocked(typ, description string) *logEvent {
	// Dates are strictly increasing in event order (at least 1ms apart, as they are printed
	// with millisecond precision), so "after the rotation" is decidable by date even for calls
	// made within the same millisecond or under a test clock that stands still or goes back.
	now := s.now().UTC().Truncate(time.Millisecond)
	if !now.After(s.lastLogDate) {
		now = s.lastLogDate.Add(time.Millisecond)
	}
	s.lastLogDate = now
	s.logSeq++
	// log ids are fixed-width digits ("900" + time + sequence), so they sort as strings.
	id := fmt.Sprintf("900%s%039d", now.Format("20060102150405"), s.logSeq)
	return &logEvent{ID: id, LogID: id, Date: now.Format("2006-01-02T15:04:05.000Z"), Type: typ,
		Description: description, UserAgent: "Other 0.0.0 / Other 0.0.0"}
}

func (s *Server) appendEventLocked(ev *logEvent) {
	b, err := json.Marshal(ev)
	if err != nil {
		panic(fmt.Sprintf("auth0sim: marshal log event: %v", err)) // all fields are plain JSON values
	}
	s.logs = append(s.logs, b)
	s.logIDs = append(s.logIDs, ev.LogID)
	s.streamEventLocked(ev.LogID, b)
}

// auth0ClientInfo decodes the Auth0-Client header: base64 (go-auth0) or base64url (auth0.js)
// of a JSON object such as {"name":"auth0.js","version":"9.23.0"}. Anything else is nil.
func auth0ClientInfo(r *http.Request) map[string]any {
	h := strings.TrimSpace(r.Header.Get("Auth0-Client"))
	if h == "" {
		return nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(h)
		if err != nil {
			continue
		}
		var info map[string]any
		if json.Unmarshal(b, &info) == nil {
			return info
		}
	}
	return nil
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// userAgentFamily is the parsed user agent Auth0 stores at the top level; unparsed agents
// (SDKs) come out as "Other 0.0.0 / Other 0.0.0", which is what the SDK's requests produce.
func userAgentFamily(*http.Request) string { return "Other 0.0.0 / Other 0.0.0" }
