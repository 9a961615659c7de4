package remediate

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Probe asks /oauth/token for a Management API token with the client-credentials grant and
// returns the HTTP status: 200 proves the secret is live. The token, if any, is discarded.
func (t Tenant) Probe(ctx context.Context, clientID, secret string) (int, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {secret},
		"audience":      {t.ManagementAudience()},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.BaseURL()+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.httpClient().Do(req)
	if err != nil {
		// url.Error names the URL, never the form body.
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
