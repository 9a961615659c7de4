package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/auth0/go-auth0/management"
)

// Config says how to reach a tenant.
type Config struct {
	Domain       string
	ClientID     string
	ClientSecret string
	// InsecureHTTP talks plain HTTP, for the tenant simulator on loopback only.
	InsecureHTTP bool
	// MaxRetries bounds go-auth0's retries of 429 and 5xx answers (0 means 10).
	MaxRetries int
}

// NewAPI returns a go-auth0 Management client authenticated with client credentials (the
// client needs read:logs). go-auth0's debug transport is never enabled: it logs headers and
// bodies, tokens included.
func NewAPI(ctx context.Context, cfg Config) (*management.Management, error) {
	if cfg.Domain == "" {
		return nil, fmt.Errorf("no tenant domain")
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, fmt.Errorf("client credentials missing: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (or --client-id and --client-secret-file)")
	}
	retries := cfg.MaxRetries
	if retries <= 0 {
		retries = 10
	}
	var opts []management.Option
	if cfg.InsecureHTTP {
		if !isLoopback(cfg.Domain) {
			return nil, fmt.Errorf("--insecure-http is only for a simulator on a loopback address, not %q", cfg.Domain)
		}
		// WithInsecure must come first: it switches to http and installs a placeholder token
		// that the client-credentials option then replaces.
		opts = append(opts, management.WithInsecure())
	}
	opts = append(opts,
		management.WithClientCredentials(ctx, cfg.ClientID, cfg.ClientSecret),
		management.WithUserAgent("auth0audit"),
		// GET /api/v2/logs is idempotent, so retrying 5xx is safe; on 429 go-auth0 waits for
		// Retry-After or X-RateLimit-Reset.
		management.WithRetryStrategy(management.RetryStrategy{
			MaxRetries: retries,
			Statuses: []int{http.StatusTooManyRequests, http.StatusBadGateway,
				http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		}),
	)
	return management.New(cfg.Domain, opts...)
}

func isLoopback(domain string) bool {
	host := domain
	if i := strings.Index(host, "//"); i >= 0 {
		host = host[i+2:]
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
