package tenantconn

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
	"github.com/auth0-migrate/auth0audit/remediate/linkcheck"
)

// Session is what the command line as a whole decides about talking to a tenant (the root
// command's --debug, whether stderr is a terminal); the zero value traces nothing and reports
// no progress.
type Session struct {
	// Trace, when set, receives a redacted trace of every HTTP exchange (--debug).
	Trace io.Writer
	// Progress, when set, is told about retries and rate-limit waits (stderr on a terminal).
	Progress func(msg string)
	// Timeouts; zero values mean the defaults (DefaultTimeouts).
	Timeouts Timeouts
}

// Conn is a connected Management API client and what the connection learned.
type Conn struct {
	API *management.Management
	// Creds names the tool's credentials; Creds.ClientID is the tool's own client (its events
	// in the tenant's logs are its own reads).
	Creds Credentials
	// Scopes are the scopes the tenant granted the tool's token (empty when it did not say).
	Scopes []string
	// HTTP is the client every call goes through (timeouts, retries, trace).
	HTTP *http.Client
}

// HasScope reports whether the token was granted scope s. With no scope information it
// answers true: the tenant will say.
func (c *Conn) HasScope(s string) bool {
	return len(c.Scopes) == 0 || slices.Contains(c.Scopes, s)
}

// MissingScopes returns those of want the token was not granted.
func (c *Conn) MissingScopes(want ...string) []string {
	var out []string
	for _, s := range want {
		if !c.HasScope(s) {
			out = append(out, s)
		}
	}
	return out
}

// Connect builds a Management API client with the default session (no trace, no progress).
// extra options are applied after the ones Open sets.
func (f *Flags) Connect(ctx context.Context, extra ...management.Option) (*management.Management, Credentials, error) {
	c, err := f.Open(ctx, Session{}, extra...)
	if err != nil {
		return nil, Credentials{}, err
	}
	return c.API, c.Creds, nil
}

// Open resolves the credentials, exchanges them for a token once (client credentials) or
// checks the pre-minted token, and returns a Management API client that sends that token
// through the session's HTTP client. A refused credential or an unreachable tenant fails
// here, before any other call.
func (f *Flags) Open(ctx context.Context, s Session, extra ...management.Option) (*Conn, error) {
	creds, err := f.resolveAny()
	if err != nil {
		return nil, err
	}
	if s, err = f.Session(s); err != nil {
		return nil, err
	}
	hc := s.HTTPClient(creds.secret)
	base := f.baseURL()
	conn := &Conn{Creds: creds, HTTP: hc}
	token := creds.token
	if token == "" {
		tr, err := exchange(ctx, hc, base, f.Domain, creds)
		if err != nil {
			return nil, err
		}
		token, conn.Scopes = tr.AccessToken, strings.Fields(tr.Scope)
	}
	if claims, err := linkcheck.Decode(token); err == nil {
		if len(conn.Scopes) == 0 {
			conn.Scopes = claims.Scopes
		}
		if aud := ManagementAudience(f.Domain); len(claims.Audience) > 0 && !slices.Contains(claims.Audience, aud) && s.Progress != nil {
			s.Progress(fmt.Sprintf("warning: %s is for %s, not %s; the tenant may refuse it", creds.Source, strings.Join(claims.Audience, " "), aud))
		}
	}
	var opts []management.Option
	if f.InsecureHTTP {
		// WithInsecure must come first: it sets the scheme and a placeholder token that the
		// static token below replaces.
		opts = append(opts, management.WithInsecure())
	}
	// Retries are the session client's job (it knows a refused connection from a dropped
	// one); go-auth0's retry layer would resend after any error.
	opts = append(opts, management.WithClient(hc), management.WithNoRetries(), management.WithUserAgent(ownreads.UserAgent()))
	opts = append(opts, extra...)
	opts = append(opts, management.WithStaticToken(token))
	api, err := management.New(f.Domain, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", f.Domain, err)
	}
	conn.API = api
	return conn, nil
}

// ManagementAudience is the Management API's identifier for a tenant domain.
func ManagementAudience(domain string) string { return "https://" + domain + "/api/v2/" }

func (f *Flags) baseURL() string {
	if f.InsecureHTTP {
		return "http://" + f.Domain
	}
	return "https://" + f.Domain
}

// tokenResponse is the /oauth/token answer (success or error).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
	ExpiresIn   int    `json:"expires_in"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// exchange performs the client-credentials grant once. The secret goes in the form body
// (client_secret_post): an auto-detecting client (golang.org/x/oauth2's default) tries Basic
// first and then the body, which doubles the failed exchanges a wrong secret leaves in the
// tenant's logs. A 401 or 403 is never retried; a 429 or 5xx is retried by the session client
// (the request was refused before the credentials were checked).
func exchange(ctx context.Context, hc *http.Client, base, domain string, c Credentials) (tokenResponse, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.ClientID},
		"client_secret": {c.secret},
		"audience":      {ManagementAudience(domain)},
	}
	req, err := http.NewRequestWithContext(retryable(ctx), http.MethodPost, base+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return tokenResponse{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", ownreads.UserAgent())
	resp, err := hc.Do(req)
	if err != nil {
		return tokenResponse{}, connError(domain, "the token exchange (POST /oauth/token)", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return tokenResponse{}, fmt.Errorf("token exchange with %s: reading the answer: %w", domain, err)
	}
	var tr tokenResponse
	jsonErr := json.Unmarshal(body, &tr)
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		why := strings.TrimSpace(strings.Trim(tr.Error+": "+tr.Description, ": "))
		if why == "" {
			why = http.StatusText(resp.StatusCode)
		}
		hint := "check the client id and secret (was the secret rotated?)"
		if resp.StatusCode == http.StatusForbidden {
			hint = "the client may not use client credentials for the Management API: authorize it under Applications > APIs > Auth0 Management API > Machine to Machine Applications"
		}
		return tokenResponse{}, &AuthError{Status: resp.StatusCode,
			Msg: fmt.Sprintf("tenant %s refused %s: %d %s; %s (not retried: each refusal is a failed exchange in the tenant's logs)",
				domain, c.Source, resp.StatusCode, why, hint)}
	case resp.StatusCode != http.StatusOK:
		return tokenResponse{}, fmt.Errorf("token exchange with %s: %s%s", domain, resp.Status, oneLine(tr.Error, tr.Description, body, jsonErr))
	case jsonErr != nil || tr.AccessToken == "":
		return tokenResponse{}, fmt.Errorf("token exchange with %s: the answer holds no access token (is %s an Auth0 tenant?)", domain, domain)
	}
	return tr, nil
}

// oneLine summarises an error answer without letting a whole HTML page into the message.
func oneLine(code, desc string, body []byte, jsonErr error) string {
	if jsonErr == nil && (code != "" || desc != "") {
		return ": " + strings.Trim(code+": "+desc, ": ")
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	if s == "" {
		return ""
	}
	return ": " + s
}

func nowUnix() int64 { return time.Now().Unix() }

func unixUTC(s int64) string { return time.Unix(s, 0).UTC().Format("2006-01-02 15:04 UTC") }
