package fetch

import (
	"github.com/auth0/go-auth0/management"
)

// ClientOptions are the go-auth0 options a log fetch adds to a tenant connection
// (internal/tenantconn). Retries are not among them: the connection's HTTP client retries
// 429s (waiting for Retry-After or X-RateLimit-Reset) and, GET /api/v2/logs being a read, 5xx
// answers and dropped connections with backoff, but never a refused connection or an unknown
// host. maxRetries is ignored (kept for callers written before that).
//
// go-auth0's debug transport is never enabled: it logs headers and bodies, tokens included.
func ClientOptions(maxRetries int) []management.Option {
	_ = maxRetries
	return []management.Option{management.WithUserAgent("auth0audit")}
}
