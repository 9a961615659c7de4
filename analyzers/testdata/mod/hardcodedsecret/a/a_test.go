package a

import (
	"context"
	"testing"

	"github.com/auth0/go-auth0/management"
)

// Test files are checked like any other: a real secret committed in a test leaks too. The
// fixtures tests usually pass to a simulator carry a placeholder word and are not reported.
func TestAgainstSimulator(t *testing.T) {
	ctx := context.Background()
	management.New("127.0.0.1:8443", management.WithClientCredentials(ctx, "sim-client", "sim-fake-secret-0123456789"))
	management.New("127.0.0.1:8443", management.WithClientCredentials(ctx, "sim-client", "test-secret-for-the-simulator"))
	management.New(domain, management.WithClientCredentials(ctx, "id", "Rk2Lq8Zt5Wn1Xv7Yb3Mc9Pd4Hs6Jf0Ga2Ue8Io5Sy1Tz3Vw7Kx9Nb4Qc6Ld8Rf0E")) // want `secret-hardcoded`
}
