package auth0sim

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwk"
)

// Server is a running simulated tenant. All methods are safe for concurrent use.
type Server struct {
	now      func() time.Time
	listener net.Listener
	http     *http.Server
	domain   string

	signingKey jwk.Key // RS256 private key, kid set
	publicKeys jwk.Set

	mu sync.Mutex
	state

	stream logStreamer // see stream.go
}

// state is everything the API can read or change; guarded by Server.mu.
type state struct {
	tenantName        string
	clients           map[string]*Client
	clientOrder       []string
	users             map[string]*User
	userOrder         []string
	grants            []ClientGrant
	enableIDTokenAPI2 bool
	userAccessPolicy  string

	logs        []json.RawMessage
	logIDs      []string
	lastLogDate time.Time
	logSeq      uint64

	faults        map[string]*Fault
	hooks         map[string]*Hook
	late          []*lateRequest
	applied       map[string]int
	secretChanges map[string]int
	throttled     int

	rateLimit   RateLimit
	windowStart time.Time
	windowCount int
}

// Start runs a simulated tenant on cfg.Addr (default "127.0.0.1:0"), seeded with cfg.Seed
// (DefaultSeed() if nil).
func Start(cfg Config) (*Server, error) {
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	seed := cfg.Seed
	if seed == nil {
		seed = DefaultSeed()
	}
	s := &Server{now: cfg.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.generateKey(); err != nil {
		return nil, err
	}
	s.faults = map[string]*Fault{}
	s.hooks = map[string]*Hook{}
	s.applied = map[string]int{}
	s.secretChanges = map[string]int{}
	s.rateLimit = cfg.RateLimit
	if err := s.loadSeed(seed); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("auth0sim: listen on %s: %w", addr, err)
	}
	s.listener = ln
	s.domain = ln.Addr().String()
	s.http = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	if cfg.LogStream != nil {
		if err := s.SetLogStream(*cfg.LogStream); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// StartTest starts a server for a test and closes it when the test ends.
func StartTest(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	s, err := Start(cfg)
	if err != nil {
		tb.Fatalf("auth0sim.Start: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// URL is the base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return "http://" + s.domain }

// Domain is "127.0.0.1:PORT", for management.New(s.Domain(), management.WithInsecure(), ...).
func (s *Server) Domain() string { return s.domain }

// Issuer is the iss of every token the tenant issues: "https://<domain>/", as a real tenant
// writes it (the simulator itself only serves http).
func (s *Server) Issuer() string { return "https://" + s.domain + "/" }

// ManagementAudience is the Management API identifier, "https://<domain>/api/v2/".
func (s *Server) ManagementAudience() string { return "https://" + s.domain + "/api/v2/" }

// JWKSURL is where the tenant's public keys are served.
func (s *Server) JWKSURL() string { return s.URL() + "/.well-known/jwks.json" }

// Close stops the server. Requests an ApplyLate fault still holds are never applied.
func (s *Server) Close() error {
	s.stream.stop()
	s.mu.Lock()
	for _, lr := range s.late {
		if lr.timer != nil {
			lr.timer.Stop()
		}
	}
	s.late = nil
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		return s.http.Close()
	}
	return nil
}

func (s *Server) generateKey() error {
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("auth0sim: generate signing key: %w", err)
	}
	key, err := jwk.FromRaw(raw)
	if err != nil {
		return fmt.Errorf("auth0sim: wrap signing key: %w", err)
	}
	if err := jwk.AssignKeyID(key); err != nil {
		return fmt.Errorf("auth0sim: key id: %w", err)
	}
	_ = key.Set(jwk.AlgorithmKey, "RS256")
	_ = key.Set(jwk.KeyUsageKey, "sig")
	pub, err := jwk.PublicKeyOf(key)
	if err != nil {
		return fmt.Errorf("auth0sim: public key: %w", err)
	}
	set := jwk.NewSet()
	if err := set.AddKey(pub); err != nil {
		return err
	}
	s.signingKey, s.publicKeys = key, set
	return nil
}

func (s *Server) loadSeed(seed *Seed) error {
	s.tenantName = seed.TenantName
	if s.tenantName == "" {
		s.tenantName = "sim-tenant"
	}
	s.enableIDTokenAPI2 = seed.EnableIDTokenAPI2
	s.userAccessPolicy = seed.UserAccessPolicy
	if s.userAccessPolicy == "" {
		s.userAccessPolicy = "allow_all"
	}
	s.clients = map[string]*Client{}
	s.users = map[string]*User{}
	for _, c := range seed.Clients {
		if _, err := s.addClientLocked(c); err != nil {
			return err
		}
	}
	for _, u := range seed.Users {
		if err := s.addUserLocked(u); err != nil {
			return err
		}
	}
	for _, g := range seed.Grants {
		if g.Audience == "" {
			g.Audience = managementAudiencePlaceholder
		}
		g.Scope = slices.Clone(g.Scope)
		s.grants = append(s.grants, g)
	}
	return nil
}

// managementAudiencePlaceholder stands for the Management API audience in grants, whose real
// value (it contains the port) is known only after Listen.
const managementAudiencePlaceholder = "urn:auth0sim:management-api"

// AddUser adds (or replaces) a user. A user with no identities gets one derived from its id.
func (s *Server) AddUser(u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) error {
	provider, id := splitUserID(u.UserID)
	if provider == "" || id == "" {
		return fmt.Errorf("auth0sim: user id %q is not of the form provider|id", u.UserID)
	}
	if len(u.Identities) == 0 {
		conn := provider
		if provider == "auth0" {
			conn = "Username-Password-Authentication"
		}
		u.Identities = []Identity{{Provider: provider, UserID: id, Connection: conn, IsSocial: provider != "auth0"}}
	}
	u.Identities = slices.Clone(u.Identities)
	if _, ok := s.users[u.UserID]; !ok {
		s.userOrder = append(s.userOrder, u.UserID)
	}
	s.users[u.UserID] = &u
	return nil
}

// AddClient adds (or replaces) a client and returns its secret (generated when c.Secret is "").
func (s *Server) AddClient(c Client) (secret string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addClientLocked(c)
}

func (s *Server) addClientLocked(c Client) (string, error) {
	if c.ClientID == "" {
		return "", errors.New("auth0sim: client has no client_id")
	}
	if c.Secret == "" {
		secret, err := newSecret()
		if err != nil {
			return "", err
		}
		c.Secret = secret
	}
	if c.IDTokenAlg == "" {
		c.IDTokenAlg = "RS256"
	}
	if c.IDTokenAlg != "RS256" && c.IDTokenAlg != "HS256" {
		return "", fmt.Errorf("auth0sim: client %s: id_token_alg %q is not RS256 or HS256", c.ClientID, c.IDTokenAlg)
	}
	c.GrantTypes = slices.Clone(c.GrantTypes)
	c.Callbacks = slices.Clone(c.Callbacks)
	c.Metadata = maps.Clone(c.Metadata)
	if err := checkClientMetadata(c.Metadata); err != nil {
		return "", fmt.Errorf("auth0sim: client %s: %s", c.ClientID, err.Message)
	}
	if _, ok := s.clients[c.ClientID]; !ok {
		s.clientOrder = append(s.clientOrder, c.ClientID)
	}
	s.clients[c.ClientID] = &c
	return c.Secret, nil
}

// ClientSecret is a client's current secret ("" for an unknown client). For tests.
func (s *Server) ClientSecret(clientID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[clientID]; ok {
		return c.Secret
	}
	return ""
}

// Clients lists the clients in seed order, secrets included. For tests and the sim command.
func (s *Server) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Client, 0, len(s.clientOrder))
	for _, id := range s.clientOrder {
		c := *s.clients[id]
		c.GrantTypes = slices.Clone(c.GrantTypes)
		c.Metadata = maps.Clone(c.Metadata)
		out = append(out, c)
	}
	return out
}

// User returns a copy of a stored user.
func (s *Server) User(userID string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[userID]
	if !ok {
		return User{}, false
	}
	c := *u
	c.Identities = slices.Clone(u.Identities)
	return c, true
}

// IDTokenAPI2Enabled reports the tenant flag enable_idtoken_api2.
func (s *Server) IDTokenAPI2Enabled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enableIDTokenAPI2
}

// SetFault injects f on route (see the package doc for route names), replacing any earlier
// one. It panics on an unknown route name or a fault that makes no sense.
func (s *Server) SetFault(route string, f Fault) {
	mustKnowRoute(route)
	if err := f.check(); err != nil {
		panic("auth0sim: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = &f
}

// ClearFaults removes every injected fault (requests already held by ApplyLate still land).
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// SetHook installs h on route, replacing any earlier one. It panics on an unknown route name.
func (s *Server) SetHook(route string, h Hook) {
	mustKnowRoute(route)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks[route] = &h
}

// ClearHooks removes every hook.
func (s *Server) ClearHooks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.hooks)
}

// SecretChanges counts how many times a client's secret changed (by rotate-secret or a PATCH
// of client_secret), whatever else its PATCHes changed.
func (s *Server) SecretChanges(clientID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.secretChanges[clientID]
}

// Throttled counts the requests answered 429 by the rate limit.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// ClientMetadata returns a copy of a client's client_metadata (nil for an unknown client).
func (s *Server) ClientMetadata(clientID string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[clientID]; ok {
		return maps.Clone(c.Metadata)
	}
	return nil
}

// SetRateLimit replaces the rate limit and starts a new window.
func (s *Server) SetRateLimit(r RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = r
	s.windowStart = time.Time{}
	s.windowCount = 0
}

// Logs are the log events the tenant produced, oldest first.
func (s *Server) Logs() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.logs)
}

// Applied counts how many times route changed state (e.g. rotations actually applied). It
// panics on an unknown route name.
func (s *Server) Applied(route string) int {
	mustKnowRoute(route)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied[route]
}

// AddGrant adds a client grant; Audience "" means the Management API.
func (s *Server) AddGrant(g ClientGrant) error {
	if g.ClientID == "" {
		return errors.New("auth0sim: client grant has no client_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.clients[g.ClientID]; !ok {
		return fmt.Errorf("auth0sim: client grant for unknown client %q", g.ClientID)
	}
	if g.Audience == "" || g.Audience == s.ManagementAudience() {
		g.Audience = managementAudiencePlaceholder
	}
	if g.ID == "" {
		g.ID = "cgr_" + newJTI()[:16]
	}
	g.Scope = slices.Clone(g.Scope)
	s.grants = append(s.grants, g)
	return nil
}
