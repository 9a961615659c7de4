package auth0sim

import (
	"errors"
	"net/http"
	"strings"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwt"
)

// errLinkWith is the answer to a link_with token that fails verification.
func errLinkWith(message string) *apiError {
	return newAPIError(http.StatusBadRequest, message, "invalid_link_with")
}

// verifyLinkWithLocked checks the secondary account's ID token sent as link_with: RS256,
// signed by the tenant key, issued by the tenant, unexpired, aud equal to the access token's
// azp. It returns the secondary user id (the token's sub).
func (s *Server) verifyLinkWithLocked(token, azp string) (string, *apiError) {
	alg, err := tokenAlg(token)
	if err != nil {
		return "", errLinkWith("link_with is not a signed JWT.")
	}
	if alg != jwa.RS256 {
		return "", errLinkWith("link_with must be signed with RS256, not " + alg.String() + ".")
	}
	tok, err := jwt.Parse([]byte(token), jwt.WithKeySet(s.publicKeys), jwt.WithValidate(false))
	if err != nil {
		return "", errLinkWith("link_with signature does not verify against the tenant's signing keys.")
	}
	if tok.Issuer() != s.Issuer() {
		return "", errLinkWith("link_with was not issued by this tenant (iss " + tok.Issuer() + ").")
	}
	if err := jwt.Validate(tok, jwt.WithClock(jwt.ClockFunc(s.now))); err != nil {
		if errors.Is(err, jwt.ErrTokenExpired()) {
			return "", errLinkWith("link_with has expired.")
		}
		return "", errLinkWith("link_with is not valid: " + err.Error() + ".")
	}
	if aud := tok.Audience(); len(aud) != 1 || aud[0] != azp || azp == "" {
		return "", errLinkWith("link_with aud (" + strings.Join(aud, " ") + ") must equal the access token's azp (" + azp + ").")
	}
	if tok.Subject() == "" {
		return "", errLinkWith("link_with has no sub.")
	}
	return tok.Subject(), nil
}
