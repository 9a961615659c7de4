//go:build unix

package sink

import (
	"io/fs"
	"os"
	"syscall"
)

func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag|syscall.O_NOFOLLOW, perm)
}

// fileOwner is a file's owner, kept when root rewrites another user's env file.
type fileOwner struct{ uid, gid int }

func ownerOf(st fs.FileInfo) *fileOwner {
	if s, ok := st.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		return &fileOwner{uid: int(s.Uid), gid: int(s.Gid)}
	}
	return nil
}
