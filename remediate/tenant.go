package remediate

import (
	"context"
	"net/http"
	"time"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

// Tenant says how to reach a tenant.
type Tenant struct {
	// Domain is the tenant's domain ("example.eu.auth0.com", or "127.0.0.1:PORT" for the
	// simulator).
	Domain string
	// Insecure talks plain HTTP (the simulator only).
	Insecure bool
	// HTTP carries every Management API call and the tool's own token requests (normally
	// with a ratelimit.Transport); nil means a client with a 30-second timeout.
	HTTP *http.Client
	// ProbeHTTP carries the /oauth/token probes of new secrets: the Authentication API has
	// its own rate limit, so it gets its own transport. nil means HTTP.
	ProbeHTTP *http.Client
	// UserAgent, when set, is sent on every Management API call (the tool's, so that its own
	// reads are told apart in the tenant's logs); empty means go-auth0's.
	UserAgent string
}

// defaultHTTP bounds every call when the caller gave no client: a tenant that never answers
// must not hang a run.
func defaultHTTP() *http.Client { return &http.Client{Timeout: 30 * time.Second} }

func (t Tenant) scheme() string {
	if t.Insecure {
		return "http"
	}
	return "https"
}

// BaseURL is where the tenant answers.
func (t Tenant) BaseURL() string { return t.scheme() + "://" + t.Domain }

// Issuer is the iss of the tenant's tokens. Auth0 always issues https://DOMAIN/ (the simulator
// too, though it listens on plain HTTP).
func (t Tenant) Issuer() string { return "https://" + t.Domain + "/" }

// JWKSURL is where the tenant publishes its signing keys.
func (t Tenant) JWKSURL() string { return t.BaseURL() + "/.well-known/jwks.json" }

// ManagementAudience is the Management API's identifier.
func (t Tenant) ManagementAudience() string { return "https://" + t.Domain + "/api/v2/" }

func (t Tenant) httpClient() *http.Client {
	if t.HTTP != nil {
		return t.HTTP
	}
	return defaultHTTP()
}

func (t Tenant) probeClient() *http.Client {
	if t.ProbeHTTP != nil {
		return t.ProbeHTTP
	}
	return t.httpClient()
}

// options are common to every management client: our HTTP client (rate-limit aware), and no
// go-auth0 retries (its retry layer resends any request after a network error, which for
// rotate-secret means a second rotation). Debug is never enabled: it dumps headers and bodies.
func (t Tenant) options() []management.Option {
	var opts []management.Option
	if t.Insecure {
		// Must come first: it sets the scheme and a placeholder token that later token
		// options replace.
		opts = append(opts, management.WithInsecure())
	}
	opts = append(opts, management.WithClient(t.httpClient()), management.WithNoRetries())
	if t.UserAgent != "" {
		opts = append(opts, management.WithUserAgent(t.UserAgent))
	}
	return opts
}

// WithClientCredentials returns a Management API client authenticating as clientID.
func (t Tenant) WithClientCredentials(ctx context.Context, clientID, clientSecret string) (*management.Management, error) {
	// The token source outlives this call and uses the context's HTTP client for /oauth/token.
	tokenCtx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, t.httpClient())
	opts := append(t.options(), management.WithClientCredentials(tokenCtx, clientID, clientSecret))
	return management.New(t.Domain, opts...)
}

// WithToken returns a Management API client sending token as its bearer. Callers check the
// token's kind first (linkcheck.RefuseIDTokenBearer).
func (t Tenant) WithToken(token string) (*management.Management, error) {
	return management.New(t.Domain, append(t.options(), management.WithStaticToken(token))...)
}
