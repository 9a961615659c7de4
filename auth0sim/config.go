package auth0sim

import "time"

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
	// Times is how many requests the fault hits; 0 means every request until ClearFaults.
	Times int
}
