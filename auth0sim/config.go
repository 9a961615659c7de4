package auth0sim

import (
	"net/http"
	"time"
)

// Config configures a simulated tenant.
type Config struct {
	// Addr is the listen address; "" means "127.0.0.1:0".
	Addr string
	// Seed is the initial state; nil means DefaultSeed().
	Seed *Seed
	// RateLimit applies to every route; the zero value means no limit.
	RateLimit RateLimit
	// Now is the clock for tokens and log dates; nil means time.Now.
	Now func() time.Time
	// LogStream, when set, pushes the tenant's log events to a webhook (see stream.go).
	LogStream *LogStream
}

// RateLimit allows Limit requests per Window across all routes. Limit 0 disables it.
type RateLimit struct {
	Limit  int
	Window time.Duration
}

// Fault is injected on one route.
type Fault struct {
	// Status, if non-zero, is answered instead of serving the request (a 5xx).
	Status int
	// Delay is waited before serving (or failing) the request.
	Delay time.Duration
	// DropAfterApply serves the request (the change is applied and logged), then closes the
	// connection without answering.
	DropAfterApply bool
	// ApplyLate resets the client's connection at once (TCP RST, no answer) and applies the
	// request this long afterwards: the request that lands after its sender gave up on it and
	// read the state back. ApplyLateNow lands every pending one at once.
	ApplyLate time.Duration
	// Times is how many requests the fault hits; 0 means every request until ClearFaults.
	Times int
}

// Hook runs Go code at fixed points of the requests on one route, so a test can order events
// without sleeping: kill a client when its request arrives, land a late request right after a
// read-back. Hooks run on the request's goroutine with no lock held.
type Hook struct {
	// Before runs when a request arrives (after the rate limit and any fault delay), before it
	// is served. Returning false drops the connection: the request is not applied.
	Before func(r *http.Request) bool
	// After runs once the request was served (applied and logged), before the answer is
	// written. Returning false drops the connection: applied, never answered.
	After func(r *http.Request) bool
	// Times is how many requests the hook sees; 0 means every request until ClearHooks.
	Times int
}
