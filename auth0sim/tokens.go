package auth0sim

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

// IDTokenSpec describes an ID token to mint.
type IDTokenSpec struct {
	// Sub is the user id ("google-oauth2|secondary").
	Sub string
	// Aud is the client id the token was issued to.
	Aud string
	// Alg is "RS256" (tenant key; the default) or "HS256" (signed with the Aud client's secret).
	Alg string
	// ExpiresIn is the lifetime from now; 0 means one hour, negative mints an expired token.
	ExpiresIn time.Duration
	// Issuer overrides iss (default Issuer()).
	Issuer string
	// Email and Name, when set, are added as claims.
	Email, Name string
	// ForeignKey signs an RS256 token with a freshly generated key the tenant does not know,
	// to test signature checks.
	ForeignKey bool
}

const defaultTokenLifetime = time.Hour

// MintIDToken mints an ID token as the tenant would issue it after a login.
func (s *Server) MintIDToken(spec IDTokenSpec) (string, error) {
	if spec.Sub == "" || spec.Aud == "" {
		return "", errors.New("auth0sim: an ID token needs Sub and Aud")
	}
	alg := spec.Alg
	if alg == "" {
		alg = "RS256"
	}
	now := s.now()
	life := spec.ExpiresIn
	if life == 0 {
		life = defaultTokenLifetime
	}
	iss := spec.Issuer
	if iss == "" {
		iss = s.Issuer()
	}
	b := jwt.NewBuilder().Issuer(iss).Subject(spec.Sub).Audience([]string{spec.Aud}).
		IssuedAt(now).Expiration(now.Add(life))
	if spec.Email != "" {
		b = b.Claim("email", spec.Email)
	}
	if spec.Name != "" {
		b = b.Claim("name", spec.Name)
	}
	tok, err := b.Build()
	if err != nil {
		return "", fmt.Errorf("auth0sim: build ID token: %w", err)
	}
	switch alg {
	case "RS256":
		key := s.signingKey
		if spec.ForeignKey {
			if key, err = foreignKey(); err != nil {
				return "", err
			}
		}
		return signRS256(tok, key)
	case "HS256":
		secret := s.ClientSecret(spec.Aud)
		if secret == "" {
			return "", fmt.Errorf("auth0sim: HS256 ID token for unknown client %q", spec.Aud)
		}
		out, err := jwt.Sign(tok, jwt.WithKey(jwa.HS256, []byte(secret)))
		if err != nil {
			return "", fmt.Errorf("auth0sim: sign ID token: %w", err)
		}
		return string(out), nil
	default:
		return "", fmt.Errorf("auth0sim: ID token alg %q is not RS256 or HS256", alg)
	}
}

// MintUserAccessToken mints a Management API access token for end user sub, obtained through
// client azp (e.g. scopes "update:current_user_identities").
func (s *Server) MintUserAccessToken(sub, azp string, scopes ...string) (string, error) {
	if sub == "" || azp == "" {
		return "", errors.New("auth0sim: a user access token needs sub and azp")
	}
	return s.mintAccessToken(sub, azp, "", scopes)
}

// MintM2MToken mints a client-credentials Management API token for clientID. With no scopes,
// the token carries the scopes of the client's grant to the Management API.
func (s *Server) MintM2MToken(clientID string, scopes ...string) (string, error) {
	if len(scopes) == 0 {
		s.mu.Lock()
		scopes = s.grantScopesLocked(clientID)
		s.mu.Unlock()
	}
	return s.mintAccessToken(clientID+"@clients", clientID, "client-credentials", scopes)
}

func (s *Server) mintAccessToken(sub, azp, gty string, scopes []string) (string, error) {
	now := s.now()
	b := jwt.NewBuilder().Issuer(s.Issuer()).Subject(sub).Audience([]string{s.ManagementAudience()}).
		IssuedAt(now).Expiration(now.Add(24*time.Hour)).JwtID(newJTI()).
		Claim("azp", azp).Claim("scope", strings.Join(scopes, " "))
	if gty != "" {
		b = b.Claim("gty", gty)
	}
	tok, err := b.Build()
	if err != nil {
		return "", fmt.Errorf("auth0sim: build access token: %w", err)
	}
	return signRS256(tok, s.signingKey)
}

func signRS256(tok jwt.Token, key jwk.Key) (string, error) {
	out, err := jwt.Sign(tok, jwt.WithKey(jwa.RS256, key))
	if err != nil {
		return "", fmt.Errorf("auth0sim: sign token: %w", err)
	}
	return string(out), nil
}

func foreignKey() (jwk.Key, error) {
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	key, err := jwk.FromRaw(raw)
	if err != nil {
		return nil, err
	}
	_ = key.Set(jwk.KeyIDKey, "foreign")
	return key, nil
}

func newJTI() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) grantScopesLocked(clientID string) []string {
	for _, g := range s.grants {
		if g.ClientID == clientID && g.Audience == managementAudiencePlaceholder {
			return slices.Clone(g.Scope)
		}
	}
	return nil
}

// tokenKind is what a bearer token turned out to be.
type tokenKind int

const (
	kindM2M     tokenKind = iota // client-credentials access token
	kindUser                     // user access token
	kindIDToken                  // an ID token sent as a bearer
)

// principal is the authenticated caller of a Management API request.
type principal struct {
	kind     tokenKind
	sub      string // user id, or "<client>@clients"
	clientID string // azp for access tokens, aud for ID tokens
	scopes   []string
	jti      string
}

func (p *principal) has(scope string) bool { return slices.Contains(p.scopes, scope) }

// userID is the end user behind the token ("" for M2M tokens).
func (p *principal) userID() string {
	if p.kind == kindM2M {
		return ""
	}
	return p.sub
}

// authenticate checks the bearer token. ID tokens are recognised by shape: no scope claim and
// an aud that is not the Management API.
func (s *Server) authenticate(header string) (*principal, *apiError) {
	if header == "" {
		return nil, errUnauthorized("Missing authentication", "")
	}
	scheme, raw, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return nil, errUnauthorized("Bad HTTP authentication header format", "")
	}
	raw = strings.TrimSpace(raw)
	unverified, err := jwt.Parse([]byte(raw), jwt.WithVerify(false), jwt.WithValidate(false))
	if err != nil {
		return nil, errUnauthorized("Invalid token", "invalid_token")
	}
	_, hasScope := unverified.Get("scope")
	audIsAPI := slices.Contains(unverified.Audience(), s.ManagementAudience())
	if !hasScope && !audIsAPI {
		return s.authenticateIDToken(raw, unverified)
	}
	tok, err := jwt.Parse([]byte(raw), jwt.WithKeySet(s.publicKeys), jwt.WithValidate(true),
		jwt.WithClock(jwt.ClockFunc(s.now)), jwt.WithIssuer(s.Issuer()))
	if err != nil {
		return nil, errUnauthorized("Invalid token", "invalid_token")
	}
	if !audIsAPI {
		return nil, errUnauthorized("Bad audience: "+strings.Join(tok.Audience(), " "), "invalid_token")
	}
	p := &principal{sub: tok.Subject(), jti: tok.JwtID()}
	if v, ok := tok.Get("azp"); ok {
		p.clientID, _ = v.(string)
	}
	if v, ok := tok.Get("scope"); ok {
		if str, ok := v.(string); ok {
			p.scopes = strings.Fields(str)
		}
	}
	p.kind = kindUser
	if gty, ok := tok.Get("gty"); ok && gty == "client-credentials" {
		p.kind = kindM2M
	}
	return p, nil
}

func (s *Server) authenticateIDToken(raw string, unverified jwt.Token) (*principal, *apiError) {
	aud := unverified.Audience()
	if len(aud) != 1 {
		return nil, errUnauthorized("Invalid token", "invalid_token")
	}
	if err := s.verifyIDToken(raw, aud[0], s.ClientSecret(aud[0])); err != nil {
		return nil, errUnauthorized("Invalid token", "invalid_token")
	}
	return &principal{kind: kindIDToken, sub: unverified.Subject(), clientID: aud[0]}, nil
}

// verifyIDToken checks an ID token's signature (RS256 with the tenant key, or HS256 with
// hsSecret, the audience client's secret; "" refuses HS256), issuer, expiry and audience.
// It takes no lock.
func (s *Server) verifyIDToken(raw, wantAud, hsSecret string) error {
	alg, err := tokenAlg(raw)
	if err != nil {
		return err
	}
	opts := []jwt.ParseOption{jwt.WithValidate(true), jwt.WithClock(jwt.ClockFunc(s.now)),
		jwt.WithIssuer(s.Issuer()), jwt.WithAudience(wantAud)}
	switch {
	case alg == jwa.RS256:
		opts = append(opts, jwt.WithKeySet(s.publicKeys))
	case alg == jwa.HS256 && hsSecret != "":
		opts = append(opts, jwt.WithKey(jwa.HS256, []byte(hsSecret)))
	default:
		return fmt.Errorf("alg %s is not accepted", alg)
	}
	_, err = jwt.Parse([]byte(raw), opts...)
	return err
}

func tokenAlg(raw string) (jwa.SignatureAlgorithm, error) {
	msg, err := jws.Parse([]byte(raw))
	if err != nil {
		return "", err
	}
	sigs := msg.Signatures()
	if len(sigs) != 1 {
		return "", errors.New("expected exactly one signature")
	}
	return sigs[0].ProtectedHeaders().Algorithm(), nil
}
