//go:build !unix

package sink

import (
	"fmt"
	"io/fs"
	"os"
)

func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link", path)
	}
	return os.OpenFile(path, flag, perm)
}

type fileOwner struct{ uid, gid int }

func ownerOf(fs.FileInfo) *fileOwner { return nil }
