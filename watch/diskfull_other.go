//go:build !unix

package watch

import (
	"errors"
	"syscall"
)

// isDiskFull reports whether err says the filesystem has no room.
func isDiskFull(err error) bool { return errors.Is(err, syscall.ENOSPC) }
