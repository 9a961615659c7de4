package watch

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Authenticator checks the Authorization header of a delivery.
//
// A Custom Webhook log stream sends its "Authorization Token" setting verbatim as the value of
// the Authorization header: configure "Bearer s3cr3t" and the header is "Bearer s3cr3t";
// configure "s3cr3t" and it is "s3cr3t". So the receiver accepts exactly the configured value,
// and, when that value is a bare token (no space in it), also "Bearer <token>" (the scheme in
// any case), which is what curl users and proxies send. A configured value with a scheme
// ("Bearer x", "Basic x") is accepted only as written.
//
// Comparisons hash both sides to fixed-length digests compared in constant time, so neither
// the token's content nor its length leaks through timing.
type Authenticator struct {
	accepted [][sha256.Size]byte
}

// NewAuthenticator returns an authenticator for the configured header value.
func NewAuthenticator(value string) (*Authenticator, error) {
	// A byte order mark is what some editors start a text file with; never part of a token.
	value = strings.TrimSpace(strings.TrimPrefix(value, "\ufeff"))
	if value == "" {
		return nil, errors.New("the token is empty")
	}
	if strings.ContainsAny(value, "\r\n") {
		return nil, errors.New("the token spans several lines; it must be one header value")
	}
	a := &Authenticator{accepted: [][sha256.Size]byte{sha256.Sum256([]byte(normalizeScheme(value)))}}
	if !strings.ContainsAny(value, " \t") {
		a.accepted = append(a.accepted, sha256.Sum256([]byte("Bearer "+value)))
	}
	return a, nil
}

// Allow reports whether the header value authenticates a request.
func (a *Authenticator) Allow(header string) bool {
	got := sha256.Sum256([]byte(normalizeScheme(header)))
	ok := 0
	for _, want := range a.accepted {
		ok |= subtle.ConstantTimeCompare(got[:], want[:])
	}
	return ok == 1
}

// TokenEnv is the environment variable holding the token when no file is given.
const TokenEnv = "AUTH0AUDIT_WATCH_TOKEN"

// LoadToken reads the token from file, or from TokenEnv when file is "". It warns (through
// warn) when the file can be read by others.
func LoadToken(file string, warn func(string)) (string, error) {
	if file == "" {
		v := os.Getenv(TokenEnv)
		if strings.TrimSpace(v) == "" {
			return "", fmt.Errorf("no token: give --auth-token-file FILE or set %s", TokenEnv)
		}
		return v, nil
	}
	st, err := os.Stat(file)
	if err != nil {
		return "", fmt.Errorf("--auth-token-file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 && warn != nil {
		warn(fmt.Sprintf("--auth-token-file %s can be read by other users (mode %v); chmod 600 it", file, st.Mode().Perm()))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("--auth-token-file: %w", err)
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", fmt.Errorf("--auth-token-file %s is empty", file)
	}
	return string(b), nil
}

// normalizeScheme writes the Bearer scheme in one case: schemes are case-insensitive (RFC 9110).
func normalizeScheme(v string) string {
	if scheme, rest, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "bearer") {
		return "Bearer " + rest
	}
	return v
}
