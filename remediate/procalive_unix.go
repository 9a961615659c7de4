//go:build unix

package remediate

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this id runs on this machine. EPERM means it
// exists under another user; only ESRCH proves it is gone.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || !errors.Is(err, syscall.ESRCH)
}
