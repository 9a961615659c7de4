// Package secretgen generates client secrets with crypto/rand.
package secretgen

import (
	"crypto/rand"
	"fmt"
	"io"
)

// Alphabet is the set a generated secret is drawn from: base64url, as in the secrets Auth0
// generates (64 symbols, so a 64-character secret carries 384 bits). No character changes
// when form-encoded or read by a shell: an app that sent Auth0's secret sends ours as it is
// ('+' would arrive as a space from a hand-built form body).
const Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

// MinLength is the shortest secret Generate will produce.
const MinLength = 64

// Generate returns a secret of n characters (at least MinLength) drawn uniformly from Alphabet.
func Generate(n int) (string, error) { return generateFrom(rand.Reader, n) }

// generateFrom draws from r. Bytes at or above the largest multiple of len(Alphabet) below
// 256 are rejected rather than reduced modulo, which would favour the first 256%len(Alphabet)
// symbols of an alphabet whose size does not divide 256.
func generateFrom(r io.Reader, n int) (string, error) {
	if n < MinLength {
		return "", fmt.Errorf("secret length %d is below the minimum %d", n, MinLength)
	}
	const k = len(Alphabet)
	const limit = 256 - 256%k // bytes >= limit are rejected
	out := make([]byte, 0, n)
	buf := make([]byte, 64)
	for len(out) < n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("reading random bytes: %w", err)
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, Alphabet[int(b)%k])
			if len(out) == n {
				break
			}
		}
	}
	return string(out), nil
}
