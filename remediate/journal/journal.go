package journal

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Journal is an open journal file. Appends are serialised and fsync'd one by one: a record
// that Append returned for is on disk.
type Journal struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	header  Header
	salt    []byte
	records []Record
	now     func() time.Time
}

// Open opens the journal at path, creating it (mode 0600) with a fresh salt if it does not
// exist. An existing journal is read fully; a journal for a different plan is refused.
func Open(path, tenant, planDigest string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{f: f, path: path, now: time.Now}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	if st.Size() == 0 {
		err = j.create(tenant, planDigest)
	} else {
		err = j.load(planDigest)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func (j *Journal) create(tenant, planDigest string) error {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("journal: salt: %w", err)
	}
	j.salt = salt
	j.header = Header{Format: FormatName, Version: 1, Created: j.now().UTC(), Tenant: tenant,
		Salt: hex.EncodeToString(salt), PlanDigest: planDigest}
	return j.writeLine(j.header)
}

func (j *Journal) load(planDigest string) error {
	if _, err := j.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	sc := bufio.NewScanner(j.f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if line == 1 {
			if err := json.Unmarshal(b, &j.header); err != nil || j.header.Format != FormatName {
				return fmt.Errorf("journal %s:1: not an auth0audit fix journal", j.path)
			}
			salt, err := hex.DecodeString(j.header.Salt)
			if err != nil || len(salt) < 16 {
				return fmt.Errorf("journal %s:1: bad salt", j.path)
			}
			j.salt = salt
			continue
		}
		var r Record
		if err := json.Unmarshal(b, &r); err != nil {
			// A torn last line (crash mid-write) is expected; anything else is corruption.
			if !j.isLastLine(sc) {
				return fmt.Errorf("journal %s:%d: %v", j.path, line, err)
			}
			break
		}
		j.records = append(j.records, r)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if planDigest != "" && j.header.PlanDigest != "" && j.header.PlanDigest != planDigest {
		return fmt.Errorf("journal %s belongs to another plan (digest %s, this plan %s): use a new --journal file",
			j.path, j.header.PlanDigest, planDigest)
	}
	_, err := j.f.Seek(0, io.SeekEnd)
	return err
}

func (j *Journal) isLastLine(sc *bufio.Scanner) bool {
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			return false
		}
	}
	return true
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Path is the file's path.
func (j *Journal) Path() string { return j.path }

// Header returns the journal's header.
func (j *Journal) Header() Header { return j.header }

// Fingerprint fingerprints secret with this journal's salt.
func (j *Journal) Fingerprint(secret string) string { return Fingerprint(j.salt, secret) }

// Append writes r (stamped with the current time) and fsyncs before returning.
func (j *Journal) Append(r Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if r.Time.IsZero() {
		r.Time = j.now().UTC()
	}
	if r.Step == "" || r.Phase == "" {
		return errors.New("journal: record needs a step and a phase")
	}
	if err := j.writeLine(r); err != nil {
		return err
	}
	j.records = append(j.records, r)
	return nil
}

func (j *Journal) writeLine(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	b = append(b, '\n')
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	return nil
}

// Records returns a copy of every record, oldest first.
func (j *Journal) Records() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Record(nil), j.records...)
}
