//go:build !unix

package watch

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir creates the lock file; without flock, two receivers on one spool are not detected.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spool lock: %w", err)
	}
	return f, nil
}
