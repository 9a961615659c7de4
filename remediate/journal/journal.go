package journal

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/auth0-migrate/auth0audit/remediate/flock"
)

// Journal is an open journal file, locked for this process. Appends are fsync'd: a record that
// Append returned for is on disk (concurrent appends share one fsync).
type Journal struct {
	mu      sync.Mutex
	f       *os.File
	lock    *flock.Lock
	path    string
	header  Header
	salt    []byte
	records []Record
	byStep  map[string][]int
	written uint64 // records written to the file (under mu)
	size    int64  // bytes of complete records in the file (under mu)
	// broken is set when a failed append's bytes could not be cut off again: appending more
	// would glue records onto them (under mu).
	broken error
	now    func() time.Time

	syncMu sync.Mutex
	synced uint64 // records known to be on disk (under syncMu)
}

// Open opens the journal at path for tenant, creating it (mode 0600, exclusively) if it does
// not exist, and locks it for this process: a second run on the same journal fails at once,
// naming the process that holds it.
//
// It never follows a symlink and never changes a file that is not a journal: an existing file
// whose first line is not a journal header (an empty file included) is refused untouched. A
// journal written for another tenant or another plan is refused; planDigest "" accepts any plan.
func Open(path, tenant, planDigest string) (*Journal, error) {
	tenant = strings.ToLower(tenant)
	if tenant == "" {
		return nil, errors.New("journal: no tenant: a journal is bound to the tenant its steps run against")
	}
	if err := precheck(path); err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("journal %s: its directory %s does not exist", path, filepath.Dir(path))
	}
	lock, err := flock.TryLock(path+".lock", "journal "+path)
	if err != nil {
		return nil, err
	}
	j := &Journal{path: path, lock: lock, now: time.Now, byStep: map[string][]int{}}
	if err := j.open(tenant, planDigest); err != nil {
		lock.Unlock()
		return nil, err
	}
	return j, nil
}

// precheck refuses, before anything is created or locked, a path that is a symlink or holds
// something that is not a journal.
func precheck(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("journal %s is a symbolic link: journals are never opened through links; name the file itself", path)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("journal %s is not a regular file (%s): choose a new --journal path", path, st.Mode().Type())
	}
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	_, err = readHeader(f, path)
	return err
}

// readHeader reads and checks the first line of f.
func readHeader(f io.Reader, path string) (Header, error) {
	var h Header
	line, err := bufio.NewReader(io.LimitReader(f, 64<<10)).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return h, fmt.Errorf("journal %s: %w", path, err)
	}
	notJournal := func(why string) error {
		return fmt.Errorf("%s is not an auth0audit fix journal (%s): refusing to touch it; name a new --journal file", path, why)
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return h, notJournal("it is empty")
	}
	if line[len(line)-1] != '\n' {
		return h, notJournal("its first line is not a complete journal header")
	}
	if json.Unmarshal(line, &h) != nil || h.Format != FormatName {
		return h, notJournal("its first line is not a journal header")
	}
	return h, nil
}

func (j *Journal) open(tenant, planDigest string) error {
	f, err := openNoFollow(j.path, os.O_RDWR|os.O_APPEND, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return j.create(tenant, planDigest)
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	j.f = f
	if err := j.load(tenant, planDigest); err != nil {
		f.Close()
		return err
	}
	return nil
}

// create writes a new journal: the header goes to a temporary file (created exclusively, 0600)
// that is fsync'd and then linked to path, which fails if path exists. A crash leaves either no
// journal or a complete one, never a file with a torn header.
func (j *Journal) create(tenant, planDigest string) error {
	salt := make([]byte, 16)
	id := make([]byte, 8)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("journal: salt: %w", err)
	}
	if _, err := rand.Read(id); err != nil {
		return fmt.Errorf("journal: id: %w", err)
	}
	j.salt = salt
	j.header = Header{Format: FormatName, Version: 2, ID: hex.EncodeToString(id), Created: j.now().UTC(), Tenant: tenant,
		Salt: hex.EncodeToString(salt), PlanDigest: planDigest}
	b, err := json.Marshal(j.header)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	dir, base := filepath.Split(j.path)
	if dir == "" {
		dir = "."
	}
	j.sweepTemps(dir, base)
	tmp := filepath.Join(dir, "."+base+".new-"+hex.EncodeToString(id))
	f, err := openNoFollow(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
		os.Remove(tmp)
	}()
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	if err := os.Link(tmp, j.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("journal %s appeared while it was being created: run again", j.path)
		}
		// A file system without hard links: create the journal itself exclusively.
		return j.createInPlace(b)
	}
	syncDir(dir)
	ok = true
	j.f = f // the same file, now also named path
	j.size = int64(len(b) + 1)
	return nil
}

// createInPlace creates the journal at its own path, exclusively, where hard links are not
// available (a crash between the create and the header's fsync leaves an empty file, which
// the next run refuses as not a journal: remove it and run again).
func (j *Journal) createInPlace(header []byte) error {
	f, err := openNoFollow(j.path, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := f.Write(append(header, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	j.f = f
	j.size = int64(len(header) + 1)
	return nil
}

// sweepTemps removes what an interrupted create left (they hold no secret; the journal lock
// is held, so no other run is creating this journal).
func (j *Journal) sweepTemps(dir, base string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+base+".new-") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func (j *Journal) load(tenant, planDigest string) error {
	b, err := io.ReadAll(j.f)
	if err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	h, err := readHeader(bytes.NewReader(b), j.path)
	if err != nil {
		return err
	}
	j.header = h
	salt, err := hex.DecodeString(h.Salt)
	if err != nil || len(salt) < 16 {
		return fmt.Errorf("journal %s:1: bad salt", j.path)
	}
	j.salt = salt
	if j.header.ID == "" { // version 1 journals had no id: derive a stable one
		sum := sha256.Sum256(append([]byte("journal-id:"), salt...))
		j.header.ID = hex.EncodeToString(sum[:8])
	}
	switch {
	case h.Tenant == "":
		return fmt.Errorf("journal %s records no tenant (written by an older version), so nothing says which tenant its steps ran against: use a new --journal file",
			j.path)
	case !strings.EqualFold(h.Tenant, tenant):
		return fmt.Errorf("journal %s belongs to tenant %s, not %s: its steps and fingerprints say nothing about %s; use a new --journal file for it",
			j.path, h.Tenant, tenant, tenant)
	case planDigest != "" && h.PlanDigest != "" && h.PlanDigest != planDigest:
		return fmt.Errorf("journal %s belongs to another plan (digest %s, this plan %s): use a new --journal file",
			j.path, h.PlanDigest, planDigest)
	}
	// good is the length of the prefix made of complete, valid lines. A torn last line (a
	// crash mid-write) is cut off: left in place, the next record would be glued to it.
	off := bytes.IndexByte(b, '\n') + 1
	good, line := off, 1
	for off < len(b) {
		line++
		end := bytes.IndexByte(b[off:], '\n')
		complete := end >= 0
		if !complete {
			end = len(b) - off
		}
		raw := bytes.TrimSpace(b[off : off+end])
		next := off + end + 1
		if len(raw) > 0 {
			var r Record
			if err := json.Unmarshal(raw, &r); err != nil || r.Step == "" {
				if complete && len(bytes.TrimSpace(b[min(next, len(b)):])) > 0 {
					return fmt.Errorf("journal %s:%d: not a journal record (the journal is damaged in its middle; it is left as it is)", j.path, line)
				}
				break // a torn or garbled last line
			}
			j.addLocked(r)
		}
		if !complete {
			good = -1 // a valid last record without its newline: keep it, add the newline
			break
		}
		off = next
		good = off
	}
	j.written = uint64(len(j.records))
	j.synced = j.written
	switch {
	case good == -1:
		if _, err := j.f.Write([]byte{'\n'}); err != nil {
			return fmt.Errorf("journal %s: %w", j.path, err)
		}
		j.size = int64(len(b) + 1)
	case good < len(b):
		if err := j.f.Truncate(int64(good)); err != nil {
			return fmt.Errorf("journal %s: cutting off a torn last line: %w", j.path, err)
		}
		j.size = int64(good)
	default:
		j.size = int64(len(b))
		return nil
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	return nil
}

func (j *Journal) addLocked(r Record) {
	j.byStep[r.Step] = append(j.byStep[r.Step], len(j.records))
	j.records = append(j.records, r)
}

// Close closes the file and releases the lock.
func (j *Journal) Close() error {
	err := j.f.Close()
	j.lock.Unlock()
	return err
}

// Path is the file's path.
func (j *Journal) Path() string { return j.path }

// Header returns the journal's header.
func (j *Journal) Header() Header { return j.header }

// ID identifies the journal (its runs write it into the tenant-side in-progress marker, so a
// run resuming this journal may take over a marker its killed predecessor left).
func (j *Journal) ID() string { return j.header.ID }

// Fingerprint fingerprints secret with this journal's salt.
func (j *Journal) Fingerprint(secret string) string { return Fingerprint(j.salt, secret) }

// Append writes r (stamped with the current time) and returns once it is on disk.
func (j *Journal) Append(r Record) error {
	if r.Step == "" || r.Phase == "" {
		return errors.New("journal: record needs a step and a phase")
	}
	j.mu.Lock()
	if r.Time.IsZero() {
		r.Time = j.now().UTC()
	}
	b, err := json.Marshal(r)
	if err != nil {
		j.mu.Unlock()
		return fmt.Errorf("journal: %w", err)
	}
	if j.broken != nil {
		j.mu.Unlock()
		return j.broken
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		// Cut off what part of the record reached the file, so the next record (once the
		// disk has room again) starts on a line of its own.
		if terr := j.f.Truncate(j.size); terr != nil {
			j.broken = fmt.Errorf("journal %s: a write failed (%v) and its part could not be cut off (%v): no more records are "+
				"written; the next run cuts it off and resumes", j.path, err, terr)
		}
		j.mu.Unlock()
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	j.size += int64(len(b) + 1)
	j.addLocked(r)
	j.written++
	mine := j.written
	j.mu.Unlock()
	return j.syncUpTo(mine)
}

// syncUpTo returns once the first n records are on disk: one fsync covers every record written
// before it, so concurrent steps share fsyncs instead of queueing for one each.
func (j *Journal) syncUpTo(n uint64) error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	if j.synced >= n {
		return nil
	}
	j.mu.Lock()
	target := j.written
	j.mu.Unlock()
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	j.synced = target
	return nil
}

// Records returns a copy of every record, oldest first.
func (j *Journal) Records() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Record(nil), j.records...)
}

// stepRecords returns a copy of one step's records, oldest first.
func (j *Journal) stepRecords(step string) []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	idx := j.byStep[step]
	out := make([]Record, len(idx))
	for i, k := range idx {
		out[i] = j.records[k]
	}
	return out
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
