//go:build unix

package watch

import (
	"errors"
	"syscall"
)

// isDiskFull reports whether err says the filesystem has no room: no space left, or the
// user's disk quota reached.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
