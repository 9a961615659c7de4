package sink

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/auth0-migrate/auth0audit/remediate/flock"
)

// tempMarker is in the name of every temporary file a sink writes: ".BASE.auth0audit-tmp-RANDOM".
const tempMarker = ".auth0audit-tmp-"

// withDirLock runs f holding the lock of dir (all writes of the file stores happen under it,
// so a temporary file found while holding it belongs to an interrupted run).
func withDirLock(dir string, f func() error) error {
	unlock, err := flock.Dir(dir)
	if err != nil {
		return fmt.Errorf("secret sink: lock %s: %w", dir, err)
	}
	defer unlock()
	return f()
}

// sweep removes the temporary files an interrupted write of base left in dir (a 0600 file
// holding a secret, or a probe), and reports what it removed. Callers hold the dir lock.
func sweep(dir, base string) []string {
	entries, _ := os.ReadDir(dir)
	var removed []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "."+base+tempMarker) {
			continue
		}
		if m := filepath.Join(dir, e.Name()); os.Remove(m) == nil {
			removed = append(removed, m)
		}
	}
	return removed
}

// writeAtomic replaces path with data: a temporary file in the same directory (created 0600,
// exclusively), fsync'd, given mode perm, renamed over path, and the directory fsync'd. The
// temporary file is removed on every error; only a crash can leave it, and the next run's
// Preflight removes it.
func writeAtomic(path string, data []byte, perm fs.FileMode, owner *fileOwner) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	rnd := make([]byte, 8)
	if _, err := rand.Read(rnd); err != nil {
		return fmt.Errorf("secret sink: %w", err)
	}
	name := filepath.Join(dir, "."+base+tempMarker+hex.EncodeToString(rnd))
	tmp, err := openNoFollow(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("secret sink: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(name)
		}
	}()
	fail := func(err error) error {
		tmp.Close()
		return fmt.Errorf("secret sink %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if perm != 0o600 {
		if err := tmp.Chmod(perm); err != nil {
			return fail(err)
		}
	}
	if owner != nil {
		_ = tmp.Chown(owner.uid, owner.gid)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("secret sink %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("secret sink %s: %w", path, err)
	}
	renamed = true
	syncDir(dir)
	return nil
}

// removeFile removes path (a stage that became empty), fsyncing the directory.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("secret sink: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// probeWritable proves dir takes new files: it creates, fsyncs and removes a temporary file.
func probeWritable(dir, base string) error {
	rnd := make([]byte, 8)
	rand.Read(rnd)
	name := filepath.Join(dir, "."+base+tempMarker+"probe-"+hex.EncodeToString(rnd))
	f, err := openNoFollow(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("secret sink: %s is not writable: %w", dir, err)
	}
	_, werr := f.Write([]byte("probe\n"))
	serr := f.Sync()
	f.Close()
	os.Remove(name)
	if werr != nil || serr != nil {
		return fmt.Errorf("secret sink: %s is not writable: %v", dir, errors.Join(werr, serr))
	}
	return nil
}

// readStage reads one stage file: "" when it does not exist; an error when it is a symlink or
// not a regular file (a secret is never written through a link).
func readStage(path string) (string, error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("secret sink: %w", err)
	}
	if err := regular(path, st); err != nil {
		return "", err
	}
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return "", fmt.Errorf("secret sink: %w", err)
	}
	defer f.Close()
	b := make([]byte, 64<<10)
	n, _ := f.Read(b)
	return strings.TrimSpace(string(b[:n])), nil
}

func regular(path string, st fs.FileInfo) error {
	if st.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("secret sink: %s is a symbolic link: secrets are never written through links; name the file itself", path)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("secret sink: %s is not a regular file", path)
	}
	return nil
}
