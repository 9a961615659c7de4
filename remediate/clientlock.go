package remediate

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/auth0-migrate/auth0audit/remediate/flock"
)

// lockClient takes this machine's lock on (tenant, client): one run per client, whatever its
// journal and sink. It fails at once, naming the process that holds it.
func (e *Engine) lockClient(clientID string) (func(), error) {
	if e.LockDir == "" {
		return func() {}, nil
	}
	dir := filepath.Join(e.LockDir, url.PathEscape(e.Tenant.Domain))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("the per-client lock directory cannot be used: %w", err)
	}
	l, err := flock.TryLock(filepath.Join(dir, url.PathEscape(clientID)+".lock"), "client "+clientID+" of "+e.Tenant.Domain)
	if err != nil {
		return nil, err
	}
	return func() { l.Unlock() }, nil
}
