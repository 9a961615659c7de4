package remediate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ProbeResult is /oauth/token's answer to a client-credentials request made with a secret.
type ProbeResult struct {
	Status int
	Error  string // the answer's "error" code, if any
}

// Authenticates reports whether the answer proves the secret: 200 (a token), or 403 (the
// client was authenticated but may not use client credentials or has no grant to the
// Management API). A wrong or stale secret is answered 401.
func (p ProbeResult) Authenticates() bool { return p.Status == 200 || p.Status == 403 }

func (p ProbeResult) String() string {
	switch {
	case p.Status == 200:
		return "200: accepted (a token was issued and discarded)"
	case p.Status == 403:
		return fmt.Sprintf("403 %s: the secret authenticates (the client may not get a Management API token with client credentials)", p.Error)
	case p.Error != "":
		return fmt.Sprintf("%d %s", p.Status, p.Error)
	}
	return fmt.Sprint(p.Status)
}

// Probe asks /oauth/token for a Management API token with the client-credentials grant,
// sending the secret the way the client authenticates (client_secret_basic or in the body).
// The token, if any, is discarded.
func (t Tenant) Probe(ctx context.Context, clientID, secret, authMethod string) (ProbeResult, error) {
	form := url.Values{
		"grant_type": {"client_credentials"},
		"audience":   {t.ManagementAudience()},
	}
	if authMethod != "client_secret_basic" {
		form.Set("client_id", clientID)
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.BaseURL()+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return ProbeResult{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if authMethod == "client_secret_basic" {
		req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
	}
	resp, err := t.probeClient().Do(req)
	if err != nil {
		// url.Error names the URL, never the form body.
		return ProbeResult{}, err
	}
	defer resp.Body.Close()
	var body struct {
		Error string `json:"error"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = json.Unmarshal(b, &body)
	return ProbeResult{Status: resp.StatusCode, Error: body.Error}, nil
}
