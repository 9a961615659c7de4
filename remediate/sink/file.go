package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File keeps secrets in files created 0600.
//
// file:DIR/ (a path ending in a slash, or an existing directory) keeps each client's stages
// as DIR/CLIENT_ID.secret (current: the file to hand to the app), DIR/CLIENT_ID.pending and
// DIR/CLIENT_ID.previous. file:PATH keeps one client's stages as PATH, PATH.pending and
// PATH.previous; a plan changing several clients' secrets is refused for it, and so is a
// PATH holding something the run cannot vouch for (CheckKnown).
type File struct {
	Path string
}

func (f *File) dirForm() bool {
	if strings.HasSuffix(f.Path, string(os.PathSeparator)) {
		return true
	}
	st, err := os.Stat(f.Path)
	return err == nil && st.IsDir()
}

// HoldsOneClient reports whether the sink is the single-file form.
func (f *File) HoldsOneClient() bool { return !f.dirForm() }

func (f *File) String() string { return "file " + f.Path }

// paths returns the files of clientID's stages.
func (f *File) paths(clientID string) (map[Slot]string, error) {
	cur := f.Path
	if f.dirForm() {
		if clientID == "" || clientID[0] == '.' || strings.ContainsAny(clientID, `/\`+"\x00") {
			return nil, fmt.Errorf("secret sink: client id %q cannot name a file", clientID)
		}
		cur = filepath.Join(f.Path, clientID+".secret")
		base := filepath.Join(f.Path, clientID)
		return map[Slot]string{SlotCurrent: cur, SlotPending: base + ".pending", SlotPrevious: base + ".previous"}, nil
	}
	return map[Slot]string{SlotCurrent: cur, SlotPending: cur + ".pending", SlotPrevious: cur + ".previous"}, nil
}

// Where names the file of a stage.
func (f *File) Where(clientID string, slot Slot) string {
	p, err := f.paths(clientID)
	if err != nil {
		return f.Path
	}
	return p[slot]
}

func (f *File) dir() string {
	if f.dirForm() {
		return filepath.Clean(f.Path)
	}
	d := filepath.Dir(f.Path)
	return d
}

// Preflight creates DIR (0700) for the directory form, removes temporary files an
// interrupted run left for this client, checks that no stage file is a link or a special
// file, and proves the directory writable.
func (f *File) Preflight(clientID string) error {
	if strings.HasSuffix(f.Path, string(os.PathSeparator)) {
		if err := os.MkdirAll(f.Path, 0o700); err != nil {
			return fmt.Errorf("secret sink: %w", err)
		}
	}
	paths, err := f.paths(clientID)
	if err != nil {
		return err
	}
	dir := f.dir()
	if st, err := os.Stat(dir); err != nil {
		return fmt.Errorf("secret sink: %w", err)
	} else if !st.IsDir() {
		return fmt.Errorf("secret sink: %s is not a directory", dir)
	}
	return withDirLock(dir, func() error {
		for _, p := range paths {
			sweep(dir, filepath.Base(p))
			if st, err := os.Lstat(p); err == nil {
				if err := regular(p, st); err != nil {
					return err
				}
			} else if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("secret sink: %w", err)
			}
		}
		return probeWritable(dir, filepath.Base(paths[SlotCurrent]))
	})
}

// Read returns clientID's stages.
func (f *File) Read(clientID string) (Stages, error) {
	paths, err := f.paths(clientID)
	if err != nil {
		return Stages{}, err
	}
	return readFiles(paths)
}

func readFiles(paths map[Slot]string) (Stages, error) {
	var st Stages
	var err error
	if st.Pending, err = readStage(paths[SlotPending]); err != nil {
		return st, err
	}
	if st.Current, err = readStage(paths[SlotCurrent]); err != nil {
		return st, err
	}
	st.Previous, err = readStage(paths[SlotPrevious])
	return st, err
}

// Write changes the stage files from `from` to `to`, in the order previous, current, pending,
// each atomically (a temporary file renamed over the stage file).
func (f *File) Write(clientID string, from, to Stages) error {
	paths, err := f.paths(clientID)
	if err != nil {
		return err
	}
	return withDirLock(f.dir(), func() error {
		now, err := readFiles(paths)
		if err != nil {
			return err
		}
		if now != from {
			return &ConflictError{Sink: f.String(), ClientID: clientID}
		}
		for _, slot := range []Slot{SlotPrevious, SlotCurrent, SlotPending} {
			v, old := to.Get(slot), from.Get(slot)
			if v == old {
				continue
			}
			if v == "" {
				err = removeFile(paths[slot])
			} else {
				err = writeAtomic(paths[slot], []byte(v+"\n"), 0o600, nil)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}
