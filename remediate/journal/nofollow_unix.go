//go:build unix

package journal

import (
	"os"
	"syscall"
)

// openNoFollow opens path without following a symlink in its last component.
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag|syscall.O_NOFOLLOW, perm)
}
