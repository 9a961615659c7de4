package logscan

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// staleUse decides secret-stale-use: a feccft of a client dated strictly after a successful
// rotation or set of that client's secret.
//
// Exports are newest first and streams oldest first, and chunks are merged in any order, so a
// feccft cannot be decided when it is read. Since "after some change" is "after the earliest
// change", it suffices to keep the earliest change per client (memory: one entry per rotated
// client) and every feccft until the end. feccft candidates are kept in memory up to
// memCandidates and spilled to a temporary file beyond that, so memory stays bounded even for
// a tenant whose broken app fails client credentials millions of times.
type staleUse struct {
	changed map[string]change // client id -> earliest secret change

	mem       []usecase.Finding
	spill     *os.File
	spillW    *bufio.Writer
	spillEnc  *json.Encoder
	spillSize int64
}

// memCandidates bounds the feccft candidates kept in memory (~300 bytes each): few tenants
// have more, and past that the disk is cheaper than memory growing with the input.
const memCandidates = 1024

type change struct {
	at    time.Time
	logID string
}

func newStaleUse() *staleUse { return &staleUse{changed: map[string]change{}} }

// secretChanged records that client's secret changed at t.
func (s *staleUse) secretChanged(client string, t time.Time, logID string) {
	if c, ok := s.changed[client]; !ok || t.Before(c.at) {
		s.changed[client] = change{t, logID}
	}
}

// candidate keeps a feccft for resolution at the end.
func (s *staleUse) candidate(f usecase.Finding) error {
	if len(s.mem) < memCandidates {
		s.mem = append(s.mem, f)
		return nil
	}
	if s.spill == nil {
		// CreateTemp makes the file 0600. It holds log ids, client ids and dates, no secret.
		tmp, err := os.CreateTemp("", "auth0audit-feccft-*.ndjson")
		if err != nil {
			return fmt.Errorf("spilling feccft events to a temporary file: %w", err)
		}
		s.spill, s.spillW = tmp, bufio.NewWriter(tmp)
		s.spillEnc = json.NewEncoder(s.spillW)
	}
	s.spillSize++
	return s.spillEnc.Encode(f)
}

// resolve calls emit for every candidate that is a stale use, and releases the spill file.
func (s *staleUse) resolve(emit func(usecase.Finding) error) (err error) {
	defer func() { err = errors.Join(err, s.close()) }()
	decide := func(f usecase.Finding) error {
		c, ok := s.changed[f.ClientID]
		if !ok || !f.Time.After(c.at) {
			return nil
		}
		f.Detail = rules.StaleUseDetail(c.at, c.logID)
		return emit(f)
	}
	for _, f := range s.mem {
		if err := decide(f); err != nil {
			return err
		}
	}
	s.mem = nil
	if s.spill == nil {
		return nil
	}
	if err := s.spillW.Flush(); err != nil {
		return err
	}
	if _, err := s.spill.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReader(s.spill))
	for {
		var f usecase.Finding
		if err := dec.Decode(&f); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("reading back spilled feccft events: %w", err)
		}
		if err := decide(f); err != nil {
			return err
		}
	}
}

func (s *staleUse) close() error {
	if s.spill == nil {
		return nil
	}
	name := s.spill.Name()
	err := errors.Join(s.spill.Close(), os.Remove(name))
	s.spill = nil
	return err
}
