package tenantconn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/PuerkitoBio/rehttp"
)

// Timeouts bound every call to a tenant. Zero fields take the defaults of DefaultTimeouts.
type Timeouts struct {
	// Dial bounds the name lookup and TCP connect.
	Dial time.Duration
	// TLSHandshake bounds the TLS handshake.
	TLSHandshake time.Duration
	// Answer bounds the time one request waits for the tenant's answers, all its attempts
	// together (waits between attempts not counted): a tenant that accepts the connection and
	// never answers costs this much, not attempts times a long timeout (--tenant-timeout).
	Answer time.Duration
	// ResponseHeader bounds the wait for an answer to one attempt; 0 means half of Answer,
	// so that one silent attempt leaves time for another.
	ResponseHeader time.Duration
	// Request bounds a whole request: every attempt, every wait between them, and the body.
	Request time.Duration
}

// DefaultTimeouts are generous for a tenant on the other side of the world and short enough
// that a dead host is noticed in seconds.
func DefaultTimeouts() Timeouts {
	return Timeouts{Dial: 5 * time.Second, TLSHandshake: 10 * time.Second, Answer: DefaultAnswerTimeout, Request: 5 * time.Minute}
}

func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts()
	if t.Dial > 0 {
		d.Dial = t.Dial
	}
	if t.TLSHandshake > 0 {
		d.TLSHandshake = t.TLSHandshake
	}
	if t.Answer > 0 {
		d.Answer = t.Answer
	}
	d.ResponseHeader = d.Answer / 2
	if t.ResponseHeader > 0 {
		d.ResponseHeader = min(t.ResponseHeader, d.Answer)
	}
	if t.Request > 0 {
		d.Request = t.Request
	}
	return d
}

// Retry limits: attempts in all (first one included) per kind of failure.
const (
	maxAttemptsRateLimited = 10
	maxAttemptsServerError = 5
	maxAttemptsNetwork     = 3
	// maxWait is the longest single wait accepted; a longer Retry-After is handed back.
	maxWait = time.Minute
)

// HTTPClient returns the client every call to the tenant goes through. Layers, outermost
// first: retries (429 for any request, it was refused before processing; 5xx and dropped
// connections only for reads), the --debug trace (each attempt, redacted; secrets are also
// scrubbed wherever they appear), and a transport whose errors say in one line what went
// wrong with the network.
func (s Session) HTTPClient(secrets ...string) *http.Client {
	rt := rehttp.NewTransport(s.Transport(secrets...), shouldRetry, s.delay)
	return &http.Client{Transport: answerBudget{base: rt}, Timeout: s.Timeouts.withDefaults().Request}
}

// Transport returns the session's layers without retries, for a caller that keeps its own
// retry policy (fix: rate-limit bookkeeping, never-retried secret changes): timeouts, the
// trace and the one-line network errors.
func (s Session) Transport(secrets ...string) http.RoundTripper {
	t := s.Timeouts.withDefaults()
	var rt http.RoundTripper = &netErrors{base: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: t.Dial, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   t.TLSHandshake,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}}
	if s.Trace != nil {
		rt = &tracer{base: rt, out: s.Trace, secrets: secrets}
	}
	return &answerDeadline{base: rt, perAttempt: t.ResponseHeader, total: t.Answer}
}

type retryableKey struct{}

// retryable marks a request that is not a read as safe to resend after a 5xx or a dropped
// connection (the token exchange: a second token does no harm).
func retryable(ctx context.Context) context.Context {
	return context.WithValue(ctx, retryableKey{}, true)
}

func safeToResend(r *http.Request) bool {
	if v, _ := r.Context().Value(retryableKey{}).(bool); v {
		return true
	}
	return r.Method == http.MethodGet || r.Method == http.MethodHead
}

// shouldRetry is the retry policy (see HTTPClient).
func shouldRetry(a rehttp.Attempt) bool {
	if a.Request.Context().Err() != nil {
		return false
	}
	n := a.Index + 1 // attempts made so far
	if a.Error != nil {
		var ne *NetError
		if errors.As(a.Error, &ne) && ne.Permanent {
			return false
		}
		return safeToResend(a.Request) && n < maxAttemptsNetwork
	}
	switch a.Response.StatusCode {
	case http.StatusTooManyRequests:
		return n < maxAttemptsRateLimited && retryAfter(a.Response.Header, a.Index) <= maxWait
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return safeToResend(a.Request) && n < maxAttemptsServerError
	}
	return false
}

// delay says how long to wait before the next attempt, and tells the user.
func (s Session) delay(a rehttp.Attempt) time.Duration {
	var d time.Duration
	var why string
	switch {
	case a.Error != nil:
		d, why = backoff(a.Index), "the connection failed ("+shortErr(a.Error)+")"
	case a.Response.StatusCode == http.StatusTooManyRequests:
		d, why = retryAfter(a.Response.Header, a.Index), "rate limited by the tenant (429)"
	default:
		d, why = backoff(a.Index), "the tenant answered "+a.Response.Status
	}
	if s.Progress != nil {
		s.Progress(fmt.Sprintf("%s %s: %s; retrying in %s", a.Request.Method, a.Request.URL.Path, why, d.Round(10*time.Millisecond)))
	}
	return d
}

// retryAfter reads Retry-After (seconds or an HTTP date), then X-RateLimit-Reset (epoch
// seconds), and falls back to the backoff.
func retryAfter(h http.Header, index int) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if at, err := http.ParseTime(v); err == nil {
			return max(time.Until(at), 0)
		}
	}
	if rst, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		// One-second resolution: add a little so the retry lands in the new window.
		return max(time.Until(time.Unix(rst, 0))+50*time.Millisecond, 0)
	}
	return backoff(index)
}

// backoff doubles from half a second, with jitter so parallel runs do not retry in step.
func backoff(index int) time.Duration {
	d := 500 * time.Millisecond << min(index, 4)
	return d + time.Duration(rand.Int64N(int64(d/4)))
}

// NetError is a failure to talk to the tenant at all, said in one line.
type NetError struct {
	Msg string
	// Permanent errors (no such host, connection refused, TLS trouble) are not retried: they
	// do not go away in seconds.
	Permanent bool
	Err       error
}

func (e *NetError) Error() string { return e.Msg }

// OneLine is the message without the calls that wrapped it.
func (e *NetError) OneLine() string { return e.Msg }
func (e *NetError) Unwrap() error   { return e.Err }

// netErrors turns transport errors into NetErrors.
type netErrors struct{ base http.RoundTripper }

func (n *netErrors) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := n.base.RoundTrip(r)
	if err != nil {
		return nil, classifyNetError(r.URL.Host, r.URL.Scheme, err)
	}
	return resp, nil
}

func classifyNetError(host, scheme string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return &NetError{Permanent: true, Err: err,
			Msg: fmt.Sprintf("cannot reach tenant %s: no such host %q (check --tenant or $%s)", host, dnsErr.Name, EnvDomain)}
	case errors.As(err, &dnsErr):
		// The DNS server did not answer, or failed: nothing is known about the name. Not
		// retried either, so that first contact fails in seconds.
		return &NetError{Permanent: true, Err: err,
			Msg: fmt.Sprintf("cannot reach tenant %s: the name lookup of %q failed (%s); check the network and DNS", host, dnsErr.Name, dnsErr.Err)}
	case errors.Is(err, syscall.ECONNREFUSED):
		hint := "nothing listens there"
		if IsLoopback(host) {
			hint = "is `auth0audit sim --addr " + host + "` running?"
		}
		return &NetError{Permanent: true, Err: err, Msg: fmt.Sprintf("cannot reach tenant %s: connection refused (%s)", host, hint)}
	case scheme == "https" && (errors.As(err, &recordErr) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")):
		if !IsLoopback(host) {
			return &NetError{Permanent: true, Err: err, Msg: fmt.Sprintf("tenant %s does not speak HTTPS (is it an Auth0 tenant?)", host)}
		}
		return &NetError{Permanent: true, Err: err,
			Msg: fmt.Sprintf("tenant %s answers plain HTTP, not HTTPS: for a simulator on loopback add --insecure-http", host)}
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostnameErr):
		return &NetError{Permanent: true, Err: err, Msg: fmt.Sprintf("tenant %s: its TLS certificate is not trusted: %v", host, err)}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &NetError{Err: err, Msg: fmt.Sprintf("tenant %s did not answer in time", host)}
	}
	return &NetError{Err: err, Msg: fmt.Sprintf("talking to tenant %s: %v", host, err)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// connError says what failed when a call did not get an answer: the NetError's own line, or
// the error with the call named.
func connError(domain, what string, err error) error {
	var ne *NetError
	if errors.As(err, &ne) {
		return ne
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	if isTimeout(err) {
		return &NetError{Err: err, Msg: fmt.Sprintf("tenant %s did not answer %s in time", domain, what)}
	}
	return fmt.Errorf("%s with %s failed: %w", what, domain, err)
}

func shortErr(err error) string {
	var ne *NetError
	if errors.As(err, &ne) {
		return ne.Msg
	}
	return err.Error()
}
