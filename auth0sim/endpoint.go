package auth0sim

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"
)

// outcome is what a handler decided; endpoint writes it (or drops the connection).
type outcome struct {
	status int
	body   any
}

// endpoint wraps a route with the rate limit and the route's injected fault. The handler runs
// the request (applying and logging it); endpoint then answers, or drops the connection when
// the fault says DropAfterApply.
func (s *Server) endpoint(route string, h func(r *http.Request) outcome) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.admitRateLimited(w) {
			return
		}
		fault := s.takeFault(route)
		if fault.Delay > 0 {
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if fault.Status != 0 {
			writeJSON(w, fault.Status, newAPIError(fault.Status, "Simulated fault on route "+route, "sim_fault"))
			return
		}
		out := h(r)
		if fault.DropAfterApply {
			dropConnection(w)
			return
		}
		writeJSON(w, out.status, out.body)
	})
}

// takeFault returns the fault to apply to this request (zero if none) and counts it down.
func (s *Server) takeFault(route string) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.faults[route]
	if !ok {
		return Fault{}
	}
	hit := *f
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(s.faults, route)
		}
	}
	return hit
}

// admitRateLimited counts the request in the current window, sets the X-RateLimit headers and
// answers 429 when the window is spent.
func (s *Server) admitRateLimited(w http.ResponseWriter) bool {
	s.mu.Lock()
	rl := s.rateLimit
	if rl.Limit <= 0 {
		s.mu.Unlock()
		return true
	}
	window := rl.Window
	if window <= 0 {
		window = time.Second
	}
	now := s.now()
	if s.windowStart.IsZero() || !now.Before(s.windowStart.Add(window)) {
		s.windowStart, s.windowCount = now, 0
	}
	reset := s.windowStart.Add(window)
	s.windowCount++
	count := s.windowCount
	s.mu.Unlock()

	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(rl.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(rl.Limit-count, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(int64(math.Ceil(float64(reset.UnixMilli())/1000)), 10))
	if count <= rl.Limit {
		return true
	}
	wait := int(math.Ceil(reset.Sub(now).Seconds()))
	h.Set("Retry-After", strconv.Itoa(max(wait, 1)))
	writeJSON(w, http.StatusTooManyRequests, newAPIError(http.StatusTooManyRequests,
		"Global limit has been reached", "too_many_requests"))
	return false
}

// dropConnection closes the connection without writing a response, as a network failure would.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // aborts the response without answering
	}
	_ = conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	if status == http.StatusNoContent || body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// readBody reads at most 1 MiB of request body.
func readBody(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, 1<<20))
}
