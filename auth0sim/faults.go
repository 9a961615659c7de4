package auth0sim

import (
	"errors"
	"fmt"
	"time"
)

// check refuses a fault that makes no sense: a status answered instead of serving cannot also
// apply the request, and a request cannot be both dropped after applying and applied late.
func (f Fault) check() error {
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault status %d: want a 4xx or 5xx (or 0 for none)", f.Status)
	case f.Status != 0 && (f.DropAfterApply || f.ApplyLate > 0):
		return errors.New("a fault with a status answers instead of serving: it cannot also drop_after_apply or apply_late_ms")
	case f.DropAfterApply && f.ApplyLate > 0:
		return errors.New("drop_after_apply and apply_late_ms exclude each other")
	case f.Delay < 0 || f.ApplyLate < 0 || f.Times < 0:
		return errors.New("delay_ms, apply_late_ms and times cannot be negative")
	case f.Delay > 10*time.Minute:
		return errors.New("delay_ms is at most 600000 (ten minutes)")
	}
	return nil
}

// faultJSON is a fault as POST /__sim/faults takes it.
type faultJSON struct {
	Route          string `json:"route"`
	Status         int    `json:"status"`
	DelayMS        int64  `json:"delay_ms"`
	DropAfterApply bool   `json:"drop_after_apply"`
	ApplyLateMS    int64  `json:"apply_late_ms"`
	Times          int    `json:"times"`
}

func (j faultJSON) fault() (Fault, error) {
	if !knownRoute(j.Route) {
		return Fault{}, fmt.Errorf("unknown route %q (routes: %v)", j.Route, routeNames)
	}
	f := Fault{Status: j.Status, Delay: time.Duration(j.DelayMS) * time.Millisecond, DropAfterApply: j.DropAfterApply,
		ApplyLate: time.Duration(j.ApplyLateMS) * time.Millisecond, Times: j.Times}
	return f, f.check()
}

// rateLimitJSON is a rate limit as POST /__sim/ratelimit takes it.
type rateLimitJSON struct {
	Limit    int   `json:"limit"`
	WindowMS int64 `json:"window_ms"`
}
