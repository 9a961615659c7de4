package fetch

import (
	"net/http"

	"github.com/auth0/go-auth0/management"
)

// ClientOptions are the go-auth0 options a log fetch wants on top of a tenant connection
// (internal/tenantconn): GET /api/v2/logs is idempotent, so 5xx answers are retried as well as
// 429s, on which go-auth0 waits for Retry-After or X-RateLimit-Reset. maxRetries <= 0 means 10.
//
// go-auth0's debug transport is never enabled: it logs headers and bodies, tokens included.
func ClientOptions(maxRetries int) []management.Option {
	if maxRetries <= 0 {
		maxRetries = 10
	}
	return []management.Option{
		management.WithUserAgent("auth0audit"),
		management.WithRetryStrategy(management.RetryStrategy{
			MaxRetries: maxRetries,
			Statuses: []int{http.StatusTooManyRequests, http.StatusBadGateway,
				http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		}),
	}
}
