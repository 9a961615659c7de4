package tenantconn

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
)

// DefaultAnswerTimeout is how long one request waits for a tenant's answers by default,
// retries included: Auth0 answers Management API calls in a second or two, and a user at a
// terminal should learn within seconds, not minutes, that a tenant does not answer.
const DefaultAnswerTimeout = 20 * time.Second

// minAttempt is the shortest wait worth another attempt: with less of the budget left, a
// silent attempt is the last.
const minAttempt = 250 * time.Millisecond

// budget is what one request (all its attempts) has spent waiting for answers.
type budget struct {
	mu       sync.Mutex
	spent    time.Duration
	attempts int
}

type budgetKey struct{}

// answerBudget gives each request a budget that its attempts share (HTTPClient puts it
// outside the retries).
type answerBudget struct{ base http.RoundTripper }

func (a answerBudget) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Context().Value(budgetKey{}) != nil {
		return a.base.RoundTrip(r)
	}
	return a.base.RoundTrip(r.WithContext(context.WithValue(r.Context(), budgetKey{}, &budget{})))
}

// answerDeadline bounds the wait for the answer to one attempt by what is left of the
// request's budget (a request without one, such as fix's own retries, gets it all per
// attempt). It replaces http.Transport's ResponseHeaderTimeout, whose limit is per attempt
// only and whose error does not say how long was waited.
type answerDeadline struct {
	base       http.RoundTripper
	perAttempt time.Duration
	total      time.Duration
}

func (d *answerDeadline) RoundTrip(r *http.Request) (*http.Response, error) {
	b, shared := r.Context().Value(budgetKey{}).(*budget)
	perAttempt := d.perAttempt
	if !shared {
		// No retries here to leave time for: the attempt may use the whole budget.
		b, perAttempt = &budget{}, d.total
	}
	b.mu.Lock()
	left := d.total - b.spent
	b.attempts++
	b.mu.Unlock()
	wait := min(perAttempt, left)
	if wait <= 0 {
		wait = minAttempt
	}
	ctx, cancel := context.WithCancel(r.Context())
	var fired atomic.Bool
	timer := time.AfterFunc(wait, func() { fired.Store(true); cancel() })
	start := time.Now()
	resp, err := d.base.RoundTrip(r.WithContext(ctx))
	timer.Stop()
	b.mu.Lock()
	b.spent += time.Since(start)
	spent, attempts := b.spent, b.attempts
	b.mu.Unlock()
	if err != nil {
		cancel()
		if fired.Load() && r.Context().Err() == nil {
			tries := ""
			if attempts > 1 {
				tries = fmt.Sprintf(" (%d attempts)", attempts)
			}
			permanent := d.total-spent < minAttempt
			waited := spent
			if permanent {
				// The whole budget is spent: say the budget the user set (or can raise), not
				// the measured time, which a loaded machine stretches past it.
				waited = d.total
			}
			return nil, &NetError{Err: context.DeadlineExceeded, Permanent: permanent,
				Msg: fmt.Sprintf("tenant %s did not answer in %s%s; if it is only slow, raise --tenant-timeout or $%s",
					r.URL.Host, roundWait(waited), tries, EnvTenantTimeout)}
		}
		return nil, err
	}
	// The body is read under ctx: it ends when the body is closed.
	resp.Body = ratelimit.CancelOnClose(resp.Body, cancel)
	return resp, nil
}

// roundWait shows a wait as the user would have given it ("1s", "1.2s", "20s").
func roundWait(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}
