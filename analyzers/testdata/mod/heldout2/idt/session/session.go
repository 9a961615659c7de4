// Package session is an app's account-linking library: token holders, their constructors and
// the methods that call the Management API. Written as held-out cases for cross-package
// struct values: every type here is neutral on its own (it carries whatever token it was
// built with), so whether a call is affected depends on what the callers in web (idt/web)
// store in the structs; findings land at those callers, and nothing in this file is reported.
package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/auth0/go-auth0/management"
	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"
)

// TokenResponse is the body of the tenant's /oauth/token response.
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// Exchange trades an authorization code (PKCE, public client: no secret).
func Exchange(ctx context.Context, domain, clientID, verifier, code, redirectURI string) (*TokenResponse, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {clientID},
		"code_verifier": {verifier},
		"code":          {code},
		"redirect_uri":  {redirectURI},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+domain+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var tr TokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return nil, err
	}
	return &tr, nil
}

// IdentitiesURL is the Management API endpoint of a user's identities.
func IdentitiesURL(domain, userID string) string {
	return "https://" + domain + "/api/v2/users/" + url.PathEscape(userID) + "/identities"
}

func identityURL(domain, userID, provider, secondary string) string {
	return fmt.Sprintf("https://%s/api/v2/users/%s/identities/%s/%s", domain, url.PathEscape(userID), provider, url.PathEscape(secondary))
}

func drain(resp *http.Response) error {
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("management api: %s", resp.Status)
	}
	return nil
}

// Linker links accounts with the bearer it was built with (unexported fields, pointer result).
type Linker struct {
	domain string
	bearer string
	hc     *http.Client
}

// NewLinker keeps the bearer for later link calls.
func NewLinker(domain, bearer string) *Linker {
	return &Linker{domain: domain, bearer: bearer, hc: &http.Client{Timeout: 10 * time.Second}}
}

// Link links the secondary account, given by its ID token, to primary.
func (l *Linker) Link(ctx context.Context, primary, secondaryIDToken string) error {
	body, _ := json.Marshal(map[string]string{"link_with": secondaryIDToken})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, IdentitiesURL(l.domain, primary), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+l.bearer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := l.hc.Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}

// Unlinker holds a resty client that carries the bearer (value result with an error).
type Unlinker struct {
	client *resty.Client
}

// NewUnlinker builds the resty client.
func NewUnlinker(domain, token string) (Unlinker, error) {
	if token == "" {
		return Unlinker{}, errors.New("session: empty token")
	}
	c := resty.New().
		SetBaseURL("https://" + domain).
		SetAuthToken(token).
		SetTimeout(10 * time.Second)
	return Unlinker{client: c}, nil
}

// Unlink removes a secondary identity from primary (value receiver).
func (u Unlinker) Unlink(ctx context.Context, primary, provider, secondary string) error {
	resp, err := u.client.R().
		SetContext(ctx).
		SetPathParams(map[string]string{"id": primary, "provider": provider, "secondary": secondary}).
		Delete("/api/v2/users/{id}/identities/{provider}/{secondary}")
	if err != nil {
		return err
	}
	if resp.IsError() {
		return fmt.Errorf("unlink: %s", resp.Status())
	}
	return nil
}

// Admin wraps a go-auth0 Management client made from a static token; M is exported so that
// callers can reach the rest of the SDK.
type Admin struct {
	M      *management.Management
	tenant string
}

// NewAdmin builds the Management client with the token it is given.
func NewAdmin(domain, token string) (*Admin, error) {
	m, err := management.New(domain, management.WithStaticToken(token))
	if err != nil {
		return nil, err
	}
	return &Admin{M: m, tenant: domain}, nil
}

// LinkAccount links with the secondary account's ID token as link_with.
func (a *Admin) LinkAccount(ctx context.Context, primary, secondaryIDToken string) error {
	_, err := a.M.User.Link(ctx, primary, &management.UserIdentityLink{LinkWith: &secondaryIDToken})
	return err
}

// Tenant is the domain the client talks to.
func (a *Admin) Tenant() string { return a.tenant }

// Caller is a plain struct with exported fields, filled in by its users.
type Caller struct {
	Domain string
	Token  string
	Client *http.Client
}

func (c *Caller) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return http.DefaultClient
}

func (c *Caller) send(req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.client().Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}

// Link links the secondary account (link_with) to primary.
func (c *Caller) Link(ctx context.Context, primary, secondaryIDToken string) error {
	body := strings.NewReader(`{"link_with":"` + secondaryIDToken + `"}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, IdentitiesURL(c.Domain, primary), body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return c.send(req)
}

// Unlink removes a secondary identity.
func (c *Caller) Unlink(ctx context.Context, primary, provider, secondary string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, identityURL(c.Domain, primary, provider, secondary), nil)
	if err != nil {
		return err
	}
	return c.send(req)
}

// Profile reads the signed-in user's profile from /userinfo (not a link).
func (c *Caller) Profile(ctx context.Context) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+c.Domain+"/userinfo", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var p map[string]any
	return p, json.NewDecoder(resp.Body).Decode(&p)
}

// Session is what the web app keeps after login: both tokens, in their own fields.
type Session struct {
	Domain      string
	UserID      string
	IDToken     string
	AccessToken string
}

// FromResponse keeps the tokens of a token response.
func FromResponse(domain, userID string, tr *TokenResponse) *Session {
	return &Session{Domain: domain, UserID: userID, IDToken: tr.IDToken, AccessToken: tr.AccessToken}
}

// Unlink removes a secondary identity of the signed-in user with the access token.
func (s *Session) Unlink(ctx context.Context, provider, secondary string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, identityURL(s.Domain, s.UserID, provider, secondary), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}

// LogoutURL ends the session at the tenant, with the ID token as id_token_hint.
func (s Session) LogoutURL(returnTo string) string {
	q := url.Values{"id_token_hint": {s.IDToken}, "post_logout_redirect_uri": {returnTo}}
	return "https://" + s.Domain + "/oidc/logout?" + q.Encode()
}

// API holds an HTTP client whose transport sends the token it was built with.
type API struct {
	Domain string
	HTTP   *http.Client
}

// NewAPI wraps the token in a static token source.
func NewAPI(ctx context.Context, domain, token string) *API {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
	return &API{Domain: domain, HTTP: oauth2.NewClient(ctx, ts)}
}

// IdentitiesURL is the identities endpoint of userID on this tenant.
func (a *API) IdentitiesURL(userID string) string { return IdentitiesURL(a.Domain, userID) }

// Unlink removes a secondary identity through the client.
func (a *API) Unlink(ctx context.Context, primary, provider, secondary string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, identityURL(a.Domain, primary, provider, secondary), nil)
	if err != nil {
		return err
	}
	resp, err := a.HTTP.Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}

// Identities lists a user's identities (a GET: not a link).
func (a *API) Identities(ctx context.Context, userID string) ([]map[string]any, error) {
	resp, err := a.HTTP.Get(a.IdentitiesURL(userID))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var ids []map[string]any
	return ids, json.NewDecoder(resp.Body).Decode(&ids)
}

// Options configure a Service.
type Options struct {
	Domain  string
	Token   string
	Timeout time.Duration
}

// Service keeps its options and uses them from its methods (two levels: options struct inside
// the service struct).
type Service struct {
	opts Options
	hc   *http.Client
}

// NewService stores the options.
func NewService(opts Options) *Service {
	if opts.Timeout == 0 {
		opts.Timeout = 15 * time.Second
	}
	return &Service{opts: opts, hc: &http.Client{Timeout: opts.Timeout}}
}

func (s *Service) post(ctx context.Context, target string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.opts.Token)
	resp, err := s.hc.Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}

// LinkIdentity links the secondary account (link_with) to primary.
func (s *Service) LinkIdentity(ctx context.Context, primary, secondaryIDToken string) error {
	return s.post(ctx, IdentitiesURL(s.opts.Domain, primary), map[string]string{"link_with": secondaryIDToken})
}

// Unlink is a function that takes the options struct by value.
func Unlink(ctx context.Context, opts Options, primary, provider, secondary string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, identityURL(opts.Domain, primary, provider, secondary), nil)
	if err != nil {
		return err
	}
	req.Header = http.Header{"Authorization": {"Bearer " + opts.Token}}
	resp, err := (&http.Client{Timeout: opts.Timeout}).Do(req)
	if err != nil {
		return err
	}
	return drain(resp)
}
