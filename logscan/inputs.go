package logscan

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// InputExt are the file names a directory argument expands to (each optionally .gz).
var InputExt = []string{".json", ".ndjson", ".jsonl", ".log", ".csv"}

// ExpandInputs replaces each directory by its log files (sorted), so that a directory of
// exports can be named whole while its README and licence are skipped. "-" (stdin) and plain
// files pass through; a directory without log files is an error naming it.
func ExpandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		n := len(out)
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), ".gz")
			if e.Type().IsRegular() && slices.Contains(InputExt, filepath.Ext(name)) {
				out = append(out, filepath.Join(a, e.Name()))
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("%s: no log files (%s, optionally .gz) in this directory", a, strings.Join(InputExt, ", "))
		}
	}
	return out, nil
}

// ScanPath scans the file at name, or stdin when name is "-".
func (s *Scanner) ScanPath(ctx context.Context, name string, stdin io.Reader) error {
	if name == "-" {
		if f, ok := stdin.(*os.File); ok {
			return s.scanFile(ctx, "-", f) // redirected from a file, it can be read in regions
		}
		return s.Scan(ctx, "-", stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.scanFile(ctx, name, f)
}
