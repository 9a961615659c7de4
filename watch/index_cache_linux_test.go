//go:build linux && (amd64 || arm64)

package watch

import (
	"os"
	"syscall"
)

const dropFileCacheWorks = true

// dropFileCache asks the kernel to drop one file's clean pages from the page cache
// (posix_fadvise POSIX_FADV_DONTNEED), so that the next read of it comes from the disk; no
// other file is touched.
func dropFileCache(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	const posixFadvDontNeed = 4
	if _, _, errno := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, posixFadvDontNeed, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
