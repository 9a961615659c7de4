package remediate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

// MarkerKey is the client_metadata key of the tenant-side in-progress marker.
//
// One run per client at a time is kept by two locks. On one machine, a flock beside the
// journal (one run per journal) and one per tenant and client under the lock directory (one
// run per client, whatever its journal) fail fast, naming the process that holds them; they
// vanish when that process dies. Across machines, the run writes this marker into the client's
// client_metadata ("run=ID journal=ID host=H pid=P until=TIME", under Auth0's limits of 10
// keys and 255 characters), waits MarkerWait, and reads it back: it goes on only if the marker
// is still its own (Fischer's mutual exclusion: a run that read the client free writes within
// MarkerWait, so of two runs the later writer wins and the earlier one sees it). Right before
// each change the marker is read again. It is removed when the step is done, left in place
// when the step needs attention (a resume of the same journal takes it over), and expires at
// `until` if its run died.
//
// What it does not cover: tools that do not look at the marker (the dashboard, Terraform,
// other scripts); a run whose marker write takes longer than MarkerWait to land after its read
// (the re-read before the change, and the verification after it, then catch the clash); and
// clocks more than MarkerTTL apart between machines.
const MarkerKey = "auth0audit_run"

// marker is the value of the in-progress marker.
type marker struct {
	Run, Journal, Host string
	PID                int
	Until              time.Time
}

func (m marker) String() string {
	return fmt.Sprintf("run=%s journal=%s host=%s pid=%d until=%s", m.Run, m.Journal, markerHost(m.Host), m.PID, m.Until.UTC().Format(time.RFC3339))
}

// markerHost is a host name as the marker writes it: at most 64 characters, no spaces or '='.
func markerHost(host string) string {
	if len(host) > 64 {
		host = host[:64]
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == '=' {
			return '_'
		}
		return r
	}, host)
}

func parseMarker(s string) (marker, bool) {
	var m marker
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "run":
			m.Run = v
		case "journal":
			m.Journal = v
		case "host":
			m.Host = v
		case "pid":
			m.PID, _ = strconv.Atoi(v)
		case "until":
			m.Until, _ = time.Parse(time.RFC3339, v)
		}
	}
	return m, m.Run != "" && !m.Until.IsZero()
}

func (m marker) describe() string {
	return fmt.Sprintf("run %s (journal %s) on %s, pid %d, until %s", m.Run, m.Journal, m.Host, m.PID, m.Until.Local().Format(time.RFC3339))
}

func (e *Engine) markerWait() time.Duration {
	if e.MarkerWait > 0 {
		return e.MarkerWait
	}
	return 2 * time.Second
}

func (e *Engine) markerTTL() time.Duration {
	if e.MarkerTTL > 0 {
		return e.MarkerTTL
	}
	return 30 * time.Minute
}

func (e *Engine) ourMarker() marker {
	host, _ := os.Hostname()
	return marker{Run: e.RunID(), Journal: e.Journal.ID(), Host: host, PID: os.Getpid(), Until: e.now().Add(e.markerTTL())}
}

// markerBusyError says another run holds a client.
type markerBusyError struct {
	clientID string
	holder   marker
}

func (b *markerBusyError) Error() string {
	return fmt.Sprintf("client %s is being changed by another run: %s (tenant-side marker client_metadata.%s). If that run is dead, "+
		"wait until the marker expires, or remove the key in the dashboard after checking", b.clientID, b.holder.describe(), MarkerKey)
}

// markerFree reports whether raw (the marker read from the tenant) lets this run go on:
// nothing there, an expired marker, this run's own, or one left by a dead run of this journal.
func (e *Engine) markerFree(clientID, raw string) error {
	m, ok := parseMarker(raw)
	if !ok || !e.now().Before(m.Until) || e.markerIsMineOrMyDeadRuns(m) {
		return nil
	}
	return &markerBusyError{clientID: clientID, holder: m}
}

// markerIsMineOrMyDeadRuns: this run's marker, or one of this journal whose run is gone. The
// journal lock does not prove that run dead: a copy of the journal (a CI cache, a second
// checkout) carries the same id and another lock file, and with another lock directory
// nothing on this machine stands between the two. So a marker written on this machine by a
// process that still runs is another run's. On another machine nothing can be checked; the
// resume of a journal moved there takes the marker over, as documented.
func (e *Engine) markerIsMineOrMyDeadRuns(m marker) bool {
	if m.Run == e.RunID() {
		return true
	}
	if m.Journal != e.Journal.ID() {
		return false
	}
	host, _ := os.Hostname()
	sameMachine := m.Host == markerHost(host)
	return !sameMachine || m.PID <= 0 || m.PID == os.Getpid() || !processAlive(m.PID)
}

// acquireMarker writes this run's marker on clientID and proves it holds it. cs is a fresh
// read of the client; the read-back is returned (the caller's next fresh read).
func (e *Engine) acquireMarker(ctx context.Context, clientID string, cs clientState) (clientState, error) {
	if err := e.markerFree(clientID, cs.marker); err != nil {
		return cs, err
	}
	// A write answered with a 5xx or not at all may not have landed. Writing it again is safe:
	// the read-back has just found the client free, and every write is followed by the wait
	// and another read-back.
	const markerWrites = 3
	for attempt := 1; ; attempt++ {
		unclearWrite, err := e.putMarker(ctx, clientID, e.ourMarker().String())
		if err != nil {
			return cs, err
		}
		if err := sleepCtx(ctx, e.markerWait()); err != nil {
			return cs, err
		}
		if cs, err = e.readClient(ctx, clientID); err != nil {
			return cs, err
		}
		err = e.markerIsOurs(clientID, cs.marker)
		var busy *markerBusyError
		if err == nil || unclearWrite == nil || errors.As(err, &busy) {
			return cs, err
		}
		if attempt == markerWrites {
			return cs, fmt.Errorf("client %s: writing the in-progress marker client_metadata.%s was not confirmed %d times "+
				"(last answer: %v), and the client does not hold it; nothing was sent", clientID, MarkerKey, markerWrites, unclearWrite)
		}
		e.progress("client %s: the in-progress marker did not land (%v); writing it again", clientID, unclearWrite)
	}
}

func (e *Engine) markerIsOurs(clientID, raw string) error {
	m, ok := parseMarker(raw)
	if ok && m.Run == e.RunID() {
		return nil
	}
	if ok && e.now().Before(m.Until) {
		return &markerBusyError{clientID: clientID, holder: m}
	}
	return fmt.Errorf("client %s: this run's in-progress marker (client_metadata.%s) is gone: another tool changed the client's metadata; "+
		"nothing was sent", clientID, MarkerKey)
}

// writeMarker sets (or, with value "", removes) the marker. A PATCH of metadata is idempotent:
// an unclear answer is settled by the read that follows it.
func (e *Engine) writeMarker(ctx context.Context, clientID, value string) error {
	_, err := e.putMarker(ctx, clientID, value)
	return err
}

// putMarker is writeMarker that also returns an unclear answer (a 5xx, a lost connection),
// for a caller that reads the marker back and may write it again.
func (e *Engine) putMarker(ctx context.Context, clientID, value string) (unclearAnswer, err error) {
	var v any = value
	if value == "" {
		v = nil
	}
	md := map[string]any{MarkerKey: v}
	err = e.API.Client.Update(ctx, clientID, &management.Client{ClientMetadata: &md})
	switch {
	case err == nil:
		return nil, nil
	case unclear(err):
		return err, nil
	case apiStatus(err) == 403:
		return nil, fmt.Errorf("writing the in-progress marker client_metadata.%s on client %s was refused (%v): the tool's credentials "+
			"need update:clients", MarkerKey, clientID, err)
	case apiStatus(err) == 400:
		return nil, fmt.Errorf("the in-progress marker client_metadata.%s cannot be written on client %s (%v): Auth0 allows 10 "+
			"client_metadata keys; free one", MarkerKey, clientID, err)
	}
	return nil, fmt.Errorf("writing the in-progress marker client_metadata.%s on client %s: %w", MarkerKey, clientID, err)
}

// releaseMarker removes this run's marker, or one a dead run of this journal left, and
// journals that it did (a resumed run then knows there is nothing left to remove). marker is
// the marker as last read (raw) when the caller has just read the client; nil reads it.
func (e *Engine) releaseMarker(ctx context.Context, stepID, clientID string, marker *string) {
	if marker == nil {
		cs, err := e.readClient(ctx, clientID)
		if err != nil {
			e.progress("client %s: could not read the in-progress marker back to remove it (%v); it expires by itself", clientID, err)
			return
		}
		marker = &cs.marker
	}
	cs := clientState{marker: *marker}
	if m, ok := parseMarker(cs.marker); ok && e.markerIsMineOrMyDeadRuns(m) {
		rctx, cancel := readBackCtx(ctx)
		defer cancel()
		if err := e.removeMarker(rctx, clientID); err != nil {
			e.progress("client %s: could not remove the in-progress marker (%v); it expires by itself", clientID, err)
			return
		}
	}
	_ = e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Note, Action: "release-marker"})
}

// removeMarker removes the marker. A removal answered with a 5xx or not at all may not have
// landed, and a marker left behind turns every other run away until it expires: it is read
// back and removed again, a few times.
func (e *Engine) removeMarker(ctx context.Context, clientID string) error {
	const removals = 3
	for attempt := 1; ; attempt++ {
		unclearRemoval, err := e.putMarker(ctx, clientID, "")
		if err != nil || unclearRemoval == nil {
			return err
		}
		cs, err := e.readClient(ctx, clientID)
		if err != nil {
			return fmt.Errorf("removal not confirmed (%v), and the read-back failed: %w", unclearRemoval, err)
		}
		if m, ok := parseMarker(cs.marker); !ok || !e.markerIsMineOrMyDeadRuns(m) {
			return nil
		}
		if attempt == removals {
			return fmt.Errorf("removal not confirmed %d times (last answer: %v)", removals, unclearRemoval)
		}
	}
}
