package auth0sim

import (
	"encoding/json"
	"net"
	"net/http"
	"time"
)

// loopbackOnly refuses callers whose remote address is not a loopback address: the helper API
// mints tokens and reveals state, so it must never be reachable from another machine even when
// the simulator listens on a wider address.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := net.ParseIP(remoteIP(r))
		if ip == nil || !ip.IsLoopback() {
			writeJSON(w, http.StatusForbidden, newAPIError(http.StatusForbidden,
				"the /__sim helper API answers loopback callers only", "loopback_only"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// helperRoutes is the test helper API documented in the package comment.
func (s *Server) helperRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /__sim/tokens/id", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Sub       string `json:"sub"`
			Aud       string `json:"aud"`
			Alg       string `json:"alg"`
			ExpiresIn int    `json:"expires_in"`
			Issuer    string `json:"issuer"`
		}
		if !decodeHelperBody(w, r, &req) {
			return
		}
		tok, err := s.MintIDToken(IDTokenSpec{Sub: req.Sub, Aud: req.Aud, Alg: req.Alg,
			ExpiresIn: time.Duration(req.ExpiresIn) * time.Second, Issuer: req.Issuer})
		writeToken(w, tok, err)
	})
	mux.HandleFunc("POST /__sim/tokens/user", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Sub    string   `json:"sub"`
			Azp    string   `json:"azp"`
			Scopes []string `json:"scopes"`
		}
		if !decodeHelperBody(w, r, &req) {
			return
		}
		tok, err := s.MintUserAccessToken(req.Sub, req.Azp, req.Scopes...)
		writeToken(w, tok, err)
	})
	mux.HandleFunc("POST /__sim/tokens/m2m", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ClientID string   `json:"client_id"`
			Scopes   []string `json:"scopes"`
		}
		if !decodeHelperBody(w, r, &req) {
			return
		}
		tok, err := s.MintM2MToken(req.ClientID, req.Scopes...)
		writeToken(w, tok, err)
	})
	mux.HandleFunc("GET /__sim/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.User(r.PathValue("id"))
		if !ok {
			writeJSON(w, http.StatusNotFound, errNoUser())
			return
		}
		writeJSON(w, http.StatusOK, u)
	})
	mux.HandleFunc("GET /__sim/clients", func(w http.ResponseWriter, r *http.Request) {
		type clientState struct {
			Client
			SecretChanges int `json:"secret_changes"`
		}
		clients := s.Clients()
		out := make([]clientState, 0, len(clients))
		for _, c := range clients {
			c.Secret = ""
			out = append(out, clientState{Client: c, SecretChanges: s.SecretChanges(c.ClientID)})
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("POST /__sim/faults", func(w http.ResponseWriter, r *http.Request) {
		var req faultJSON
		if !decodeHelperBody(w, r, &req) {
			return
		}
		f, err := req.fault()
		if err != nil {
			writeJSON(w, http.StatusBadRequest, newAPIError(http.StatusBadRequest, "helper API: "+err.Error(), "invalid_body"))
			return
		}
		s.SetFault(req.Route, f)
		writeJSON(w, http.StatusOK, req)
	})
	mux.HandleFunc("DELETE /__sim/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /__sim/late", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"landed": s.ApplyLateNow()})
	})
	mux.HandleFunc("POST /__sim/ratelimit", func(w http.ResponseWriter, r *http.Request) {
		var req rateLimitJSON
		if !decodeHelperBody(w, r, &req) {
			return
		}
		if req.Limit < 0 || req.WindowMS < 0 {
			writeJSON(w, http.StatusBadRequest, newAPIError(http.StatusBadRequest, "helper API: limit and window_ms cannot be negative", "invalid_body"))
			return
		}
		s.SetRateLimit(RateLimit{Limit: req.Limit, Window: time.Duration(req.WindowMS) * time.Millisecond})
		writeJSON(w, http.StatusOK, req)
	})
	mux.HandleFunc("GET /__sim/applied", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		counts := make(map[string]int, len(s.applied))
		for k, v := range s.applied {
			counts[k] = v
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, counts)
	})
	mux.HandleFunc("GET /__sim/logs", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, nonNil(s.Logs()))
	})
	s.streamRoutes(mux)
	return mux
}

func decodeHelperBody(w http.ResponseWriter, r *http.Request, dst any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		writeJSON(w, http.StatusBadRequest, newAPIError(http.StatusBadRequest, "helper API: bad JSON body: "+err.Error(), "invalid_body"))
		return false
	}
	return true
}

func writeToken(w http.ResponseWriter, tok string, err error) {
	if err != nil {
		writeJSON(w, http.StatusBadRequest, newAPIError(http.StatusBadRequest, err.Error(), "invalid_body"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": tok})
}
