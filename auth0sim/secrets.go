package auth0sim

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// secretAlphabet is what Auth0 uses in generated client secrets (base64url characters).
const secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// newSecret returns a 64-character client secret from crypto/rand.
func newSecret() (string, error) {
	buf := make([]byte, 64)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("auth0sim: generate secret: %w", err)
	}
	for i, b := range buf {
		buf[i] = secretAlphabet[int(b)%len(secretAlphabet)]
	}
	return string(buf), nil
}

// splitUserID splits "provider|id" at the first "|".
func splitUserID(userID string) (provider, id string) {
	provider, id, ok := strings.Cut(userID, "|")
	if !ok {
		return "", userID
	}
	return provider, id
}
