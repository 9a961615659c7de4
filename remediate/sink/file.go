package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File writes secrets to files created 0600. If Path is a directory (or ends in a slash) each
// client gets Path/CLIENT_ID.secret; otherwise Path holds one client's secret: a second client
// in the same run is refused rather than overwriting it, and so is a file that already holds
// something else when the run starts (another client's secret from an earlier run, or a file
// named by mistake), since nothing says whose it is.
type File struct {
	Path string

	owner string // the client whose secret the single-file form holds in this run
}

func (f *File) target(clientID string) (string, error) {
	if strings.HasSuffix(f.Path, string(os.PathSeparator)) {
		if err := os.MkdirAll(f.Path, 0o700); err != nil {
			return "", fmt.Errorf("secret sink: %w", err)
		}
	}
	if st, err := os.Stat(f.Path); err == nil && st.IsDir() {
		if strings.ContainsAny(clientID, `/\`) || clientID == "" || clientID[0] == '.' {
			return "", fmt.Errorf("secret sink: client id %q cannot name a file", clientID)
		}
		return filepath.Join(f.Path, clientID+".secret"), nil
	}
	return f.Path, nil
}

// HoldsOneClient reports whether the sink is the single-file form, which holds the secret of
// one client only.
func (f *File) HoldsOneClient() bool {
	if strings.HasSuffix(f.Path, string(os.PathSeparator)) {
		return false
	}
	st, err := os.Stat(f.Path)
	return err != nil || !st.IsDir()
}

// Check reports whether Put would accept a secret for clientID, without writing anything:
// callers ask before changing a secret, so a new secret is never made that the sink then
// refuses to keep.
func (f *File) Check(clientID string) error {
	p, err := f.target(clientID)
	if err != nil {
		return err
	}
	if p != f.Path {
		return nil
	}
	if f.owner != "" && f.owner != clientID {
		return fmt.Errorf("secret sink %s already holds the secret of client %s: use a directory (file:DIR/) for several clients", p, f.owner)
	}
	if f.owner == "" {
		if st, err := os.Stat(p); err == nil && st.Size() > 0 {
			return &OccupiedError{Path: p}
		}
	}
	return nil
}

// OccupiedError is Check's answer for a single-file sink that already holds something when the
// run starts. A caller that can prove the content is this client's secret (its fingerprint is
// in the journal: a staged secret, or a step already done) calls Adopt and goes on.
type OccupiedError struct{ Path string }

func (e *OccupiedError) Error() string {
	return fmt.Sprintf("secret sink %s already exists and is not empty, and the journal does not know its content "+
		"(another client's secret from an earlier run, or a file named by mistake): move it away or name a new file", e.Path)
}

// Adopt records that the file's current content is clientID's secret, as the caller checked.
func (f *File) Adopt(clientID string) {
	if f.owner == "" {
		f.owner = clientID
	}
}

// Put writes the secret, alone on its line, so the file can be handed to an app as is.
func (f *File) Put(clientID, secret string) error {
	if err := f.Check(clientID); err != nil {
		return err
	}
	p, err := f.target(clientID)
	if err != nil {
		return err
	}
	if p == f.Path {
		f.owner = clientID
	}
	return writeAtomic(p, []byte(secret+"\n"))
}

// Get reads the secret back. In the single-file form the file does not say whose secret it
// is; callers check what they read against the journal's fingerprint before using it.
func (f *File) Get(clientID string) (string, error) {
	p, err := f.target(clientID)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", ErrNotStored
	}
	if err != nil {
		return "", fmt.Errorf("secret sink: %w", err)
	}
	secret := strings.TrimSpace(string(b))
	if secret == "" {
		return "", ErrNotStored
	}
	return secret, nil
}

func (f *File) String() string { return "file " + f.Path }
