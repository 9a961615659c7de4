package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwk"
	"github.com/lestrrat-go/jwx/v2/jws"
)

// Expect is what a link_with ID token must satisfy.
type Expect struct {
	// Issuer is the tenant's issuer, "https://DOMAIN/".
	Issuer string
	// Audience is the access token's azp: link_with's aud must equal it.
	Audience string
	// JWKSURL is https://DOMAIN/.well-known/jwks.json.
	JWKSURL string
	// HTTPClient fetches the JWKS; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Leeway tolerates clock skew on exp; zero means none.
	Leeway time.Duration
}

// VerifyLinkWith checks token the way the tenant will, and refuses with the reason if it
// would be rejected. It returns the verified claims (sub is the secondary user).
func VerifyLinkWith(ctx context.Context, token string, want Expect) (Claims, error) {
	c, err := Decode(token)
	if err != nil {
		return c, fmt.Errorf("link_with: the token is %v", err)
	}
	if c.Alg != "RS256" {
		return c, fmt.Errorf("link_with: the ID token is signed %s; Auth0 accepts only RS256 ID tokens for link_with "+
			"(set the client's JsonWebToken Signature Algorithm to RS256 and log the user in again)", orNone(c.Alg))
	}
	if k, _ := Classify(c); k != IDToken && len(c.Scopes) > 0 {
		return c, fmt.Errorf("link_with: the token is an access token (it has scopes); link_with takes the secondary account's ID token")
	}
	hc := want.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	set, err := jwk.Fetch(ctx, want.JWKSURL, jwk.WithHTTPClient(hc))
	if err != nil {
		return c, fmt.Errorf("link_with: fetching the tenant JWKS %s: %v", want.JWKSURL, err)
	}
	if _, err := jws.Verify([]byte(token), jws.WithKeySet(set, jws.WithInferAlgorithmFromKey(true), jws.WithRequireKid(false))); err != nil {
		return c, fmt.Errorf("link_with: the signature does not verify against the tenant's keys (%s): the token was not issued by this tenant", want.JWKSURL)
	}
	if c.Issuer != want.Issuer {
		return c, fmt.Errorf("link_with: iss is %q, want %q (the token is from another tenant or domain)", c.Issuer, want.Issuer)
	}
	now := time.Now
	if want.Now != nil {
		now = want.Now
	}
	if c.Expiry == 0 {
		return c, fmt.Errorf("link_with: the ID token has no exp")
	}
	if exp := time.Unix(c.Expiry, 0); !now().Before(exp.Add(want.Leeway)) {
		return c, fmt.Errorf("link_with: the ID token expired at %s; have the secondary user log in again", exp.UTC().Format(time.RFC3339))
	}
	if len(c.Audience) != 1 || c.Audience[0] != want.Audience {
		return c, fmt.Errorf("link_with: aud is %v but must equal the access token's azp %q: "+
			"the secondary account must log in through the same application that obtained the access token", c.Audience, want.Audience)
	}
	if c.Subject == "" {
		return c, fmt.Errorf("link_with: the ID token has no sub")
	}
	return c, nil
}

func orNone(s string) string {
	if s == "" {
		return "with no alg"
	}
	return s
}
