package secretgen

import (
	"bytes"
	"math"
	"net/url"
	"strings"
	"testing"
)

func TestGenerateLengthAndAlphabet(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		s, err := Generate(64)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 64 {
			t.Fatalf("len = %d, want 64", len(s))
		}
		for _, c := range s {
			if !strings.ContainsRune(Alphabet, c) {
				t.Fatalf("character %q is outside the alphabet", c)
			}
		}
		if seen[s] {
			t.Fatal("the same secret was generated twice")
		}
		seen[s] = true
	}
	if _, err := Generate(32); err == nil {
		t.Fatal("Generate(32) should refuse a short secret")
	}
}

// TestGenerateUniform feeds every byte value equally often: with rejection sampling every
// symbol then appears exactly equally often; a modulo reduction would favour the first 55.
func TestGenerateUniform(t *testing.T) {
	const rounds = 300
	var src bytes.Buffer
	for range rounds {
		for b := range 256 {
			src.WriteByte(byte(b))
		}
	}
	n := rounds * (256 - 256%len(Alphabet))
	s, err := generateFrom(&src, n)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[rune]int{}
	for _, c := range s {
		counts[c]++
	}
	for _, c := range Alphabet {
		if counts[c] != n/len(Alphabet) {
			t.Fatalf("symbol %q appeared %d times, want %d", c, counts[c], n/len(Alphabet))
		}
	}
}

// TestGenerateChiSquare checks the real generator's output is plausibly uniform.
func TestGenerateChiSquare(t *testing.T) {
	counts := map[rune]int{}
	total := 0
	for range 400 {
		s, err := Generate(256)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s {
			counts[c]++
			total++
		}
	}
	exp := float64(total) / float64(len(Alphabet))
	chi := 0.0
	for _, c := range Alphabet {
		d := float64(counts[c]) - exp
		chi += d * d / exp
	}
	// 66 degrees of freedom: p = 1e-6 is about 130.
	if chi > 130 || math.IsNaN(chi) {
		t.Fatalf("chi-square %.1f: output is not uniform", chi)
	}
}

func BenchmarkGenerate64(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(64); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGeneratedSecretNeedsNoEncoding: a secret set by fix set-secret went through the tool's
// own /oauth/token probe (which form-encodes it) and was reported verified, while an app that
// builds its token request body by hand ("...&client_secret=" + secret) or puts the raw secret
// into HTTP Basic sent '+' as a space and was refused. Auth0's own secrets are base64url; a
// generated one uses the same alphabet, so whatever sent Auth0's secret sends ours.
func TestGeneratedSecretNeedsNoEncoding(t *testing.T) {
	for range 50 {
		s, err := Generate(64)
		if err != nil {
			t.Fatal(err)
		}
		if e := url.QueryEscape(s); e != s {
			t.Fatalf("a generated secret changes when form-encoded: %q", e)
		}
		if strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
			t.Fatal("a generated secret has a character outside base64url")
		}
	}
}
