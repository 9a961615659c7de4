// Package secretgen generates client secrets with crypto/rand.
package secretgen

import (
	"crypto/rand"
	"fmt"
	"io"
)

// Alphabet is the set a generated secret is drawn from: letters, digits and "_-+=." (67
// symbols, so a 64-character secret carries about 388 bits).
const Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+=."

// MinLength is the shortest secret Generate will produce.
const MinLength = 64

// Generate returns a secret of n characters (at least MinLength) drawn uniformly from Alphabet.
func Generate(n int) (string, error) { return generateFrom(rand.Reader, n) }

// generateFrom draws from r. Bytes at or above the largest multiple of len(Alphabet) below
// 256 are rejected rather than reduced modulo: a plain `b % 67` would make the first 256%67
// symbols more likely than the rest.
func generateFrom(r io.Reader, n int) (string, error) {
	if n < MinLength {
		return "", fmt.Errorf("secret length %d is below the minimum %d", n, MinLength)
	}
	const k = len(Alphabet)
	const limit = 256 - 256%k // 201: bytes >= limit are rejected
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
