// Package linkcheck decides, before anything is sent, whether a link or unlink call would be
// accepted under Auth0's account-linking rules: it tells an ID token from an access token, and
// verifies a link_with ID token locally (RS256, signature against the tenant's JWKS, iss, exp,
// aud == the access token's azp).
//
// Errors name the token by its role ("the bearer token", "the link_with token"), never by value.
package linkcheck

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Claims are the claims of a JWT read WITHOUT verifying it. They are used only to refuse
// things locally (a wrong kind of token, a wrong subject), never to grant anything: the tenant
// verifies the bearer itself.
type Claims struct {
	Alg      string
	Issuer   string
	Subject  string
	Audience []string
	AZP      string
	Scopes   []string
	Expiry   int64
	Nonce    bool
	AtHash   bool
	GrantTyp string
}

// ErrNotJWT is returned for a token that is not a three-part JWS.
var ErrNotJWT = errors.New("not a JWT (Management API tokens are JWTs; an opaque token is only good for /userinfo)")

// Decode reads a JWT's header and claims without verifying the signature.
func Decode(token string) (Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Claims{}, ErrNotJWT
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if err := decodeSegment(parts[0], &hdr); err != nil {
		return Claims{}, fmt.Errorf("%w: header: %v", ErrNotJWT, err)
	}
	var raw struct {
		Iss    string          `json:"iss"`
		Sub    string          `json:"sub"`
		Aud    json.RawMessage `json:"aud"`
		AZP    string          `json:"azp"`
		Scope  string          `json:"scope"`
		Exp    json.Number     `json:"exp"`
		Nonce  *string         `json:"nonce"`
		AtHash *string         `json:"at_hash"`
		Gty    string          `json:"gty"`
	}
	if err := decodeSegment(parts[1], &raw); err != nil {
		return Claims{}, fmt.Errorf("%w: claims: %v", ErrNotJWT, err)
	}
	c := Claims{Alg: hdr.Alg, Issuer: raw.Iss, Subject: raw.Sub, AZP: raw.AZP, Scopes: strings.Fields(raw.Scope),
		Nonce: raw.Nonce != nil, AtHash: raw.AtHash != nil, GrantTyp: raw.Gty}
	if exp, err := raw.Exp.Int64(); err == nil {
		c.Expiry = exp
	} else if f, err := raw.Exp.Float64(); err == nil {
		c.Expiry = int64(f)
	}
	if len(raw.Aud) > 0 {
		var one string
		if json.Unmarshal(raw.Aud, &one) == nil {
			c.Audience = []string{one}
		} else if err := json.Unmarshal(raw.Aud, &c.Audience); err != nil {
			return Claims{}, fmt.Errorf("%w: aud is neither a string nor a list", ErrNotJWT)
		}
	}
	return c, nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// HasScope reports whether the token carries scope s.
func (c Claims) HasScope(s string) bool {
	for _, x := range c.Scopes {
		if x == s {
			return true
		}
	}
	return false
}
