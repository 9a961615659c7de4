// Package flock takes advisory, exclusive, non-blocking locks on lock files (flock(2)), and
// says who holds a lock when it is busy: the holder writes its process id, host, start time
// and command line into the lock file, and a run that finds the lock taken reads them back.
//
// flock locks belong to an open file description: they are released when the holder closes
// the file or dies (kill -9 included), so a crashed run never leaves a stale lock behind. They
// exclude processes on one machine only (and are unreliable on some network file systems);
// runs on two machines exclude each other through the tenant-side marker of package remediate.
package flock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Holder describes the process holding a lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Since   time.Time `json:"since"`
	Command string    `json:"command,omitempty"`
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "another process (it wrote no details)"
	}
	s := fmt.Sprintf("process %d on %s since %s", h.PID, h.Host, h.Since.Local().Format(time.RFC3339))
	if h.Command != "" {
		s += " (" + h.Command + ")"
	}
	return s
}

// Self describes this process.
func Self() Holder {
	host, _ := os.Hostname()
	cmd := strings.Join(os.Args, " ")
	if len(cmd) > 300 {
		cmd = cmd[:300] + "..."
	}
	return Holder{PID: os.Getpid(), Host: host, Since: time.Now().UTC(), Command: cmd}
}

// BusyError says that a lock is held, and by whom.
type BusyError struct {
	Path   string
	Holder Holder
	What   string // what the lock protects, for the message
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is in use by %s (lock %s): wait for that run to finish, or stop it; a run never waits for another",
		e.What, e.Holder, e.Path)
}

// ErrBusy is matched by every *BusyError (errors.Is).
var ErrBusy = errors.New("lock is held by another run")

// Is lets errors.Is(err, ErrBusy) match.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// Lock is a held lock.
type Lock struct {
	f    *os.File
	path string
}

// TryLock takes the exclusive lock on path (created 0600 if missing, never through a
// symlink) without waiting. what names the protected thing in the BusyError message.
func TryLock(path, what string) (*Lock, error) {
	f, err := openLockFile(path)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := lockNB(f); err != nil {
		defer f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &BusyError{Path: path, Holder: readHolder(f), What: what}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l := &Lock{f: f, path: path}
	if err := l.writeHolder(Self()); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

func (l *Lock) writeHolder(h Holder) error {
	b, _ := json.Marshal(h)
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("lock %s: %w", l.path, err)
	}
	if _, err := l.f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("lock %s: %w", l.path, err)
	}
	return nil
}

// Path is the lock file.
func (l *Lock) Path() string { return l.path }

// Unlock releases the lock. The file stays (removing it would let two runs lock two different
// files of the same name).
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := l.f.Close() // closing the descriptor releases the flock
	l.f = nil
	return err
}

func readHolder(f *os.File) Holder {
	var h Holder
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err == nil {
		_ = json.Unmarshal(b, &h)
	}
	return h
}
