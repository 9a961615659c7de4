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
		var others, dirs []string
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), ".gz")
			switch {
			case e.Type().IsRegular() && slices.Contains(InputExt, filepath.Ext(name)):
				out = append(out, filepath.Join(a, e.Name()))
			case e.IsDir():
				dirs = append(dirs, e.Name())
			default:
				others = append(others, e.Name())
			}
		}
		if len(out) == n {
			return nil, noLogFiles(a, others, dirs)
		}
	}
	return out, nil
}

// noLogFiles is the error for a directory named as an input that holds no log file. It is an
// error, not a warning as an empty file is: a directory is named by a person, and one without a
// log file is a wrong path far more often than an export of nothing. It says what the directory
// does hold, so that a wrong extension or a nested directory is seen at once.
func noLogFiles(dir string, others, dirs []string) error {
	want := strings.Join(InputExt, ", ")
	if len(others)+len(dirs) == 0 {
		return fmt.Errorf("%s: empty directory: no log files (%s, optionally .gz) to read", dir, want)
	}
	var held []string
	if len(others) > 0 {
		held = append(held, fmt.Sprintf("%d other file(s): %s (name a file to read it whatever its extension)", len(others), firstNames(others)))
	}
	if len(dirs) > 0 {
		held = append(held, fmt.Sprintf("%d subdirectory(ies), which are not read: %s", len(dirs), firstNames(dirs)))
	}
	return fmt.Errorf("%s: no log files (%s, optionally .gz) in this directory; it holds %s", dir, want, strings.Join(held, "; "))
}

func firstNames(names []string) string {
	if len(names) > 4 {
		return strings.Join(names[:4], ", ") + fmt.Sprintf(" and %d more", len(names)-4)
	}
	return strings.Join(names, ", ")
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
