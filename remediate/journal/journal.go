package journal

import (
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
		err = j.load(tenant, planDigest)
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

func (j *Journal) load(tenant, planDigest string) error {
	b, err := io.ReadAll(j.f)
	if err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	// good is the length of the prefix made of complete, valid lines. A torn last line (a
	// crash mid-write) is cut off the file: left in place, the next record would be appended
	// to it, and the journal would fail to load with a corrupt line in its middle.
	good := 0
	line := 0
	for off := 0; off < len(b); {
		end := bytes.IndexByte(b[off:], '\n')
		complete := end >= 0
		if !complete {
			end = len(b) - off
		}
		raw := b[off : off+end]
		next := off + end + 1
		line++
		trimmed := bytes.TrimSpace(raw)
		switch {
		case len(trimmed) == 0:
		case line == 1:
			if err := json.Unmarshal(trimmed, &j.header); err != nil || j.header.Format != FormatName {
				if !complete {
					// Only a torn header was ever written: start the journal afresh.
					return j.reset(tenant, planDigest)
				}
				return fmt.Errorf("journal %s:1: not an auth0audit fix journal", j.path)
			}
			salt, err := hex.DecodeString(j.header.Salt)
			if err != nil || len(salt) < 16 {
				return fmt.Errorf("journal %s:1: bad salt", j.path)
			}
			j.salt = salt
		default:
			var r Record
			if err := json.Unmarshal(trimmed, &r); err != nil {
				// A torn last line (crash mid-write) is expected; anything else is corruption.
				if next < len(b) && len(bytes.TrimSpace(b[next:])) > 0 {
					return fmt.Errorf("journal %s:%d: %v", j.path, line, err)
				}
				next = len(b) + 1 // stop; good stays before this line
				off = next
				continue
			}
			j.records = append(j.records, r)
		}
		if complete {
			good = next
		} else {
			// A valid last record without its newline: keep it and add the newline.
			good = -1
		}
		off = next
	}
	if j.salt == nil {
		return fmt.Errorf("journal %s:1: not an auth0audit fix journal", j.path)
	}
	if planDigest != "" && j.header.PlanDigest != "" && j.header.PlanDigest != planDigest {
		return fmt.Errorf("journal %s belongs to another plan (digest %s, this plan %s): use a new --journal file",
			j.path, j.header.PlanDigest, planDigest)
	}
	switch {
	case good == -1:
		if _, err := j.f.Write([]byte{'\n'}); err != nil {
			return fmt.Errorf("journal %s: %w", j.path, err)
		}
	case good < len(b):
		if err := j.f.Truncate(int64(good)); err != nil {
			return fmt.Errorf("journal %s: cutting off a torn last line: %w", j.path, err)
		}
	default:
		return nil
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: fsync: %w", j.path, err)
	}
	return nil
}

// reset empties a journal that holds nothing but a torn header and writes a new one.
func (j *Journal) reset(tenant, planDigest string) error {
	if err := j.f.Truncate(0); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	return j.create(tenant, planDigest)
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
