package auth0sim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// outcome is what a handler decided; endpoint writes it (or drops the connection).
type outcome struct {
	status int
	body   any
}

// endpoint wraps a route with the rate limit, the route's injected fault and its hook. The
// handler runs the request (applying and logging it); endpoint then answers, drops the
// connection (DropAfterApply), or resets it and applies the request later (ApplyLate).
func (s *Server) endpoint(route string, h func(r *http.Request) outcome) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.admitRateLimited(w) {
			return
		}
		fault := s.takeFault(route)
		hook := s.takeHook(route)
		if fault.Delay > 0 {
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if hook.Before != nil && !hook.Before(r) {
			dropConnection(w)
			return
		}
		if fault.Status != 0 {
			writeJSON(w, fault.Status, newAPIError(fault.Status, "Simulated fault on route "+route, "sim_fault"))
			return
		}
		if fault.ApplyLate > 0 {
			body, _ := readBody(r)
			late := r.Clone(context.WithoutCancel(r.Context()))
			late.Body = io.NopCloser(bytes.NewReader(body))
			// Held before the reset: a client that reads back at once finds it pending.
			lr := s.holdLate(func() { h(late) })
			resetConnection(w)
			s.startLate(lr, fault.ApplyLate)
			return
		}
		out := h(r)
		if hook.After != nil && !hook.After(r) {
			dropConnection(w)
			return
		}
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

// takeHook returns the hook for this request (zero if none) and counts it down.
func (s *Server) takeHook(route string) Hook {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.hooks[route]
	if !ok {
		return Hook{}
	}
	hit := *h
	if h.Times > 0 {
		h.Times--
		if h.Times == 0 {
			delete(s.hooks, route)
		}
	}
	return hit
}

// lateRequest is a request whose connection was reset and that will be applied later.
type lateRequest struct {
	once  sync.Once
	timer *time.Timer // under Server.mu
	apply func()
}

func (s *Server) holdLate(apply func()) *lateRequest {
	lr := &lateRequest{apply: apply}
	s.mu.Lock()
	s.late = append(s.late, lr)
	s.mu.Unlock()
	return lr
}

func (s *Server) startLate(lr *lateRequest, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.late {
		if x == lr { // not landed (nor dropped by Close) yet
			lr.timer = time.AfterFunc(d, func() { s.landLate(lr) })
		}
	}
}

func (s *Server) landLate(lr *lateRequest) {
	lr.once.Do(func() {
		lr.apply()
		s.mu.Lock()
		for i, x := range s.late {
			if x == lr {
				s.late = append(s.late[:i], s.late[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
	})
}

// ApplyLateNow applies every request an ApplyLate fault is holding, now, and returns how many.
func (s *Server) ApplyLateNow() int {
	s.mu.Lock()
	pending := append([]*lateRequest(nil), s.late...)
	for _, lr := range pending {
		if lr.timer != nil {
			lr.timer.Stop()
		}
	}
	s.mu.Unlock()
	for _, lr := range pending {
		s.landLate(lr)
	}
	return len(pending)
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
		// Windows are aligned to the clock, so X-RateLimit-Reset (whole seconds) is exact for
		// whole-second windows.
		s.windowStart, s.windowCount = now.Truncate(window), 0
	}
	reset := s.windowStart.Add(window)
	s.windowCount++
	count := s.windowCount
	if count > rl.Limit {
		s.throttled++
	}
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

// resetConnection aborts the connection with a TCP reset (SO_LINGER 0), as a middlebox or a
// crashed proxy does: the client sees "connection reset by peer" at once.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
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
