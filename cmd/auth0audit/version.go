package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildVersion describes this binary from its build information: the module version
// ("(devel)" when built from a clone), the commit and its time, whether the tree had local
// changes, and the Go version.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "auth0audit (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	var parts []string
	if rev != "" {
		parts = append(parts, "commit "+rev[:min(12, len(rev))])
	}
	if when != "" {
		parts = append(parts, when)
	}
	out := "auth0audit " + v
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + modified + ")"
	}
	return fmt.Sprintf("%s %s %s/%s", out, bi.GoVersion, goos(), goarch())
}

func goos() string   { return runtime.GOOS }
func goarch() string { return runtime.GOARCH }
