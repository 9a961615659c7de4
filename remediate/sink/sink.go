package sink

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Slot names a stage.
type Slot string

const (
	SlotPending  Slot = "pending"
	SlotCurrent  Slot = "current"
	SlotPrevious Slot = "previous"
)

// Stages are the values a store holds for one client; "" is an empty stage. Printing Stages
// shows which stages are set, never a value.
type Stages struct {
	Pending, Current, Previous string
}

// Get returns one stage.
func (s Stages) Get(slot Slot) string {
	switch slot {
	case SlotPending:
		return s.Pending
	case SlotCurrent:
		return s.Current
	}
	return s.Previous
}

// Set sets one stage.
func (s *Stages) Set(slot Slot, v string) {
	switch slot {
	case SlotPending:
		s.Pending = v
	case SlotCurrent:
		s.Current = v
	default:
		s.Previous = v
	}
}

// Format prints which stages are set, never a value (so %v, %+v and %#v cannot leak one).
func (s Stages) Format(f fmt.State, _ rune) {
	set := func(v string) string {
		if v == "" {
			return "-"
		}
		return "set"
	}
	fmt.Fprintf(f, "{pending:%s current:%s previous:%s}", set(s.Pending), set(s.Current), set(s.Previous))
}

// Sink is a store of client secrets in stages. See the package documentation.
type Sink interface {
	// String names the store for messages (a path, never a secret).
	String() string
	// Where names where clientID's slot lives (a path or an env key).
	Where(clientID string, slot Slot) string
	// Preflight checks that the store can take clientID's stages, before the tenant changes.
	Preflight(clientID string) error
	// Read returns the stages held for clientID.
	Read(clientID string) (Stages, error)
	// Write changes clientID's stages from `from` to `to`, or returns a *ConflictError when
	// the store does not hold `from` any more.
	Write(clientID string, from, to Stages) error
}

// OneClient is implemented by stores that hold one client's secret only (file:PATH).
type OneClient interface {
	HoldsOneClient() bool
}

// HoldsOneClient reports whether s holds one client's secret only.
func HoldsOneClient(s Sink) bool {
	o, ok := s.(OneClient)
	return ok && o.HoldsOneClient()
}

// ConflictError is Write's answer when the store changed since it was read.
type ConflictError struct {
	Sink     string
	ClientID string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: the stages of client %s changed since this run read them (another process writes there?): nothing was written",
		e.Sink, e.ClientID)
}

// UnknownValueError is CheckKnown's answer: a stage holds a value the caller cannot vouch for.
type UnknownValueError struct {
	Sink     string
	ClientID string
	Slot     Slot
	Where    string
}

func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("%s already holds a %s secret for client %s (%s) that is neither the tenant's current secret nor one this journal "+
		"recorded (another client's secret, another run's, or a file named by mistake): it is never overwritten; move it aside, "+
		"or give a sink that holds this client's current secret", e.Sink, e.Slot, e.ClientID, e.Where)
}

// ErrUnknownValue is matched by every *UnknownValueError.
var ErrUnknownValue = errors.New("sink holds a value this run does not know")

// Is lets errors.Is(err, ErrUnknownValue) match.
func (e *UnknownValueError) Is(target error) bool { return target == ErrUnknownValue }

// CheckKnown refuses stages holding a value knows does not vouch for.
func CheckKnown(s Sink, clientID string, st Stages, knows func(value string) bool) error {
	for _, slot := range []Slot{SlotCurrent, SlotPending, SlotPrevious} {
		if v := st.Get(slot); v != "" && !knows(v) {
			return &UnknownValueError{Sink: s.String(), ClientID: clientID, Slot: slot, Where: s.Where(clientID, slot)}
		}
	}
	return nil
}

// Stage writes value as clientID's pending stage. Current and previous are never touched. A
// different value already pending is refused: a pending version blocks another.
func Stage(s Sink, clientID, value string, from Stages) error {
	if value == "" {
		return errors.New("sink: cannot stage an empty secret")
	}
	if from.Pending != "" && from.Pending != value {
		return fmt.Errorf("%s already holds a pending secret for client %s (%s): finish or discard it first", s, clientID, s.Where(clientID, SlotPending))
	}
	to := from
	to.Pending = value
	return write(s, clientID, from, to)
}

// Promote makes the pending value current, exactly when it equals value (the staged secret the
// caller checked against its journal); the old current becomes previous.
func Promote(s Sink, clientID string, from Stages, value string) error {
	if value == "" || from.Pending != value {
		return fmt.Errorf("%s: the pending secret of client %s is not the one staged (%s): refusing to promote it", s, clientID, s.Where(clientID, SlotPending))
	}
	return write(s, clientID, from, Stages{Current: value, Previous: previousAfter(from, value)})
}

// SetCurrent makes value current (a secret known only after the tenant changed, such as the
// answer of rotate-secret); the old current becomes previous, and a pending equal to value is
// consumed.
func SetCurrent(s Sink, clientID, value string, from Stages) error {
	if value == "" {
		return errors.New("sink: cannot store an empty secret")
	}
	to := Stages{Pending: from.Pending, Current: value, Previous: previousAfter(from, value)}
	if to.Pending == value {
		to.Pending = ""
	}
	return write(s, clientID, from, to)
}

// DropPrevious forgets the previous value, once the run that replaced it is verified.
func DropPrevious(s Sink, clientID string, from Stages) error {
	to := from
	to.Previous = ""
	return write(s, clientID, from, to)
}

// DiscardPending removes the pending value.
func DiscardPending(s Sink, clientID string, from Stages) error {
	to := from
	to.Pending = ""
	return write(s, clientID, from, to)
}

func previousAfter(from Stages, value string) string {
	if from.Current != "" && from.Current != value {
		return from.Current
	}
	return from.Previous
}

func write(s Sink, clientID string, from, to Stages) error {
	if from == to {
		return nil
	}
	return s.Write(clientID, from, to)
}

// Current reads clientID's current value ("" when there is none).
func Current(s Sink, clientID string) (string, error) {
	st, err := s.Read(clientID)
	return st.Current, err
}

// Parse builds a sink from the --secret-sink flag: file:PATH, file:DIR/, env:PATH, stdout, and
// the secret stores of stores.go (vault:, k8s:, exec:; aws-sm: through ParseWith). stdout needs reveal (--reveal-secrets); out is where it writes.
func Parse(spec string, reveal bool, out io.Writer) (Sink, error) {
	kind, path, _ := strings.Cut(spec, ":")
	switch kind {
	case "file":
		if path == "" {
			return nil, fmt.Errorf("--secret-sink %q: file: needs a path (file:PATH or file:DIR/)", spec)
		}
		return &File{Path: path}, nil
	case "env":
		if path == "" {
			return nil, fmt.Errorf("--secret-sink %q: env: needs a path (env:PATH)", spec)
		}
		return &EnvFile{Path: path}, nil
	case "stdout":
		if !reveal {
			return nil, fmt.Errorf("--secret-sink stdout prints secrets: pass --reveal-secrets as well to confirm")
		}
		return &Stdout{W: out}, nil
	case "":
		return nil, errors.New("no --secret-sink: choose where new secrets go (" + kinds + ")")
	}
	return parseStore(spec, kind, path)
}
