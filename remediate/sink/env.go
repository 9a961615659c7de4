package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// EnvFile keeps secrets as KEY=value lines, one per client (KEY from EnvKey), rewriting the file
// atomically with mode 0600. Other lines are preserved.
type EnvFile struct {
	Path string
}

// EnvKey is the variable name used for a client's secret: AUTH0_CLIENT_SECRET_ followed by the
// client id upper-cased, with anything but letters and digits turned into '_'.
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

func (e *EnvFile) lines() ([]string, error) {
	b, err := os.ReadFile(e.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("secret sink: %w", err)
	}
	s := strings.TrimRight(string(b), "\n")
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, "\n"), nil
}

// Put sets the client's line.
func (e *EnvFile) Put(clientID, secret string) error {
	if strings.ContainsAny(secret, "\n\r") {
		return errors.New("secret sink: secret contains a line break")
	}
	lines, err := e.lines()
	if err != nil {
		return err
	}
	key := EnvKey(clientID)
	entry := key + "=" + secret
	replaced := false
	for i, l := range lines {
		if strings.HasPrefix(l, key+"=") {
			lines[i], replaced = entry, true
		}
	}
	if !replaced {
		lines = append(lines, entry)
	}
	return writeAtomic(e.Path, []byte(strings.Join(lines, "\n")+"\n"))
}

// Get reads the client's line back.
func (e *EnvFile) Get(clientID string) (string, error) {
	lines, err := e.lines()
	if err != nil {
		return "", err
	}
	key := EnvKey(clientID)
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, key+"="); ok && v != "" {
			return v, nil
		}
	}
	return "", ErrNotStored
}

func (e *EnvFile) String() string { return "env file " + e.Path }
