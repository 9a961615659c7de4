//go:build !unix

package journal

import (
	"fmt"
	"os"
)

// openNoFollow refuses a symlink (checked before opening: a race remains on this platform).
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link", path)
	}
	return os.OpenFile(path, flag, perm)
}
