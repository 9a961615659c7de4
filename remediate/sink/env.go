package sink

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvFile keeps secrets as KEY=value lines of an env file: the current value under EnvKey
// (AUTH0_CLIENT_SECRET_<ID>), the pending and previous ones under the same key with _PENDING
// and _PREVIOUS. Every other line is kept byte for byte, and so are the file's mode and owner:
// a file that group or others can read is refused, not changed (it would hold a secret). A new
// file is created 0600.
type EnvFile struct {
	Path string
}

// EnvKey is the variable name used for a client's current secret: AUTH0_CLIENT_SECRET_
// followed by the client id upper-cased, with anything but letters and digits turned into '_'.
func EnvKey(clientID string) string {
	var b strings.Builder
	b.WriteString("AUTH0_CLIENT_SECRET_")
	for _, r := range strings.ToUpper(clientID) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func envKeys(clientID string) map[Slot]string {
	k := EnvKey(clientID)
	return map[Slot]string{SlotCurrent: k, SlotPending: k + "_PENDING", SlotPrevious: k + "_PREVIOUS"}
}

func (e *EnvFile) String() string { return "env file " + e.Path }

// Where names the key of a stage.
func (e *EnvFile) Where(clientID string, slot Slot) string {
	return e.Path + " " + envKeys(clientID)[slot]
}

// envLine is one line of the file; key is set for KEY=value lines.
type envLine struct {
	raw    string // the line as it was, without its line ending
	export bool
	key    string
	value  string
}

// parseEnvLine recognises "KEY=value", "export KEY=value", with optional spaces around '='
// and a value in single or double quotes.
func parseEnvLine(raw string) envLine {
	l := envLine{raw: raw}
	s := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
	if strings.HasPrefix(s, "#") {
		return l
	}
	if rest, ok := strings.CutPrefix(s, "export "); ok {
		s, l.export = strings.TrimSpace(rest), true
	}
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" || strings.ContainsAny(k, " \t") {
		return envLine{raw: raw}
	}
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	l.key, l.value = k, v
	return l
}

type envFileState struct {
	lines      []envLine
	endNewline bool
	crlf       bool
	perm       fs.FileMode
	owner      *fileOwner
	exists     bool
}

func (e *EnvFile) load() (envFileState, error) {
	s := envFileState{perm: 0o600, endNewline: true}
	st, err := os.Lstat(e.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("secret sink: %w", err)
	}
	if err := regular(e.Path, st); err != nil {
		return s, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return s, fmt.Errorf("secret sink: %s can be read by group or others (mode %04o): it would hold a secret, and the tool "+
			"does not change an app's file mode behind its back; chmod 600 it, or choose another sink", e.Path, st.Mode().Perm())
	}
	s.exists, s.perm, s.owner = true, st.Mode().Perm(), ownerOf(st)
	f, err := openNoFollow(e.Path, os.O_RDONLY, 0)
	if err != nil {
		return s, fmt.Errorf("secret sink: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return s, fmt.Errorf("secret sink: %w", err)
	}
	b := buf.Bytes()
	if len(b) == 0 {
		return s, nil
	}
	s.endNewline = b[len(b)-1] == '\n'
	s.crlf = bytes.Contains(b, []byte("\r\n"))
	text := strings.TrimSuffix(string(b), "\n")
	for _, raw := range strings.Split(text, "\n") {
		s.lines = append(s.lines, parseEnvLine(raw))
	}
	return s, nil
}

// stages reads clientID's stages; a key given twice is an error (which one would an app use?).
func (s envFileState) stages(e *EnvFile, clientID string) (Stages, error) {
	var st Stages
	keys := envKeys(clientID)
	for _, slot := range []Slot{SlotPending, SlotCurrent, SlotPrevious} {
		seen := 0
		for _, l := range s.lines {
			if l.key == keys[slot] {
				seen++
				st.Set(slot, l.value)
			}
		}
		if seen > 1 {
			return st, fmt.Errorf("secret sink: %s sets %s %d times: keep one line, then rerun", e.Path, keys[slot], seen)
		}
	}
	return st, nil
}

// Preflight removes temporary files an interrupted run left, checks the file's mode, and
// proves its directory writable.
func (e *EnvFile) Preflight(clientID string) error {
	dir := filepath.Dir(e.Path)
	return withDirLock(dir, func() error {
		sweep(dir, filepath.Base(e.Path))
		s, err := e.load()
		if err != nil {
			return err
		}
		if _, err := s.stages(e, clientID); err != nil {
			return err
		}
		return probeWritable(dir, filepath.Base(e.Path))
	})
}

// Read returns clientID's stages.
func (e *EnvFile) Read(clientID string) (Stages, error) {
	s, err := e.load()
	if err != nil {
		return Stages{}, err
	}
	return s.stages(e, clientID)
}

// Write rewrites the file once, atomically, changing only clientID's lines: a changed key
// keeps its place (and its "export "), a new key is added at the end, an emptied one removed.
func (e *EnvFile) Write(clientID string, from, to Stages) error {
	for _, v := range []string{to.Pending, to.Current, to.Previous} {
		if strings.ContainsAny(v, "\n\r'") {
			return errors.New("secret sink: the secret contains a line break or a single quote, which an env file cannot hold safely")
		}
	}
	return withDirLock(filepath.Dir(e.Path), func() error {
		s, err := e.load()
		if err != nil {
			return err
		}
		now, err := s.stages(e, clientID)
		if err != nil {
			return err
		}
		if now != from {
			return &ConflictError{Sink: e.String(), ClientID: clientID}
		}
		keys := envKeys(clientID)
		var out []string
		present := map[Slot]bool{} // a line for the slot's key exists (an app's "KEY=" placeholder too)
		for _, l := range s.lines {
			slot, ours := slotOfKey(keys, l.key)
			if ours {
				present[slot] = true
			}
			switch {
			case !ours || to.Get(slot) == from.Get(slot):
				out = append(out, l.raw) // not ours, or unchanged (an empty placeholder stays)
			case to.Get(slot) == "":
				// emptied: the line goes
			default:
				out = append(out, envEntry(l.export, l.key, to.Get(slot), strings.HasSuffix(l.raw, "\r")))
			}
		}
		for _, slot := range []Slot{SlotCurrent, SlotPending, SlotPrevious} {
			if v := to.Get(slot); v != "" && !present[slot] {
				out = append(out, envEntry(false, keys[slot], v, s.crlf))
			}
		}
		text := strings.Join(out, "\n")
		if len(out) > 0 && (s.endNewline || !s.exists) {
			text += "\n"
		}
		return writeAtomic(e.Path, []byte(text), s.perm, s.owner)
	})
}

func slotOfKey(keys map[Slot]string, key string) (Slot, bool) {
	for slot, k := range keys {
		if k == key && key != "" {
			return slot, true
		}
	}
	return "", false
}

// envEntry writes KEY=value, in single quotes when the value holds anything but the
// characters of generated secrets.
func envEntry(export bool, key, value string, cr bool) string {
	v := value
	if strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-+=./~", r))
	}) >= 0 {
		v = "'" + v + "'"
	}
	s := key + "=" + v
	if export {
		s = "export " + s
	}
	if cr {
		s += "\r"
	}
	return s
}
