#!/usr/bin/env bash
# Accuracy of auth0vet on the realistic test module (analyzers/testdata/mod/realistic): each
# line carrying a `// want` comment is one affected case; a diagnostic on any other line is a
# false positive. Runs both ways a user runs the tool: under go vet (cross-package facts) and
# standalone, and standalone with -local (helpers followed within a package only).
#
# Usage: bench/analyzers/accuracy.sh [pattern]   (default ./realistic/...; make accuracy-analyzers)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pattern=${1:-./realistic/...}
(cd "$root" && go build -o "$work/auth0vet" ./cmd/auth0vet)
cd "$root/analyzers/testdata/mod"
export GOPROXY=off GOFLAGS=-mod=mod
dir=${pattern#./}; dir=${dir%/...}
grep -rn --include='*.go' '// want `' "$dir" | grep -v 'want `active`' | cut -d: -f1,2 | sort -u >"$work/want"
score() { # name, file of "file:line" diagnostics
	sort -u "$2" >"$2.s"
	local total found fp
	total=$(wc -l <"$work/want")
	found=$(comm -12 "$work/want" "$2.s" | wc -l)
	fp=$(comm -13 "$work/want" "$2.s" | wc -l)
	printf '%-10s found %d/%d  false positives %d\n' "$1" "$found" "$total" "$fp"
	comm -23 "$work/want" "$2.s" | sed 's/^/  missed: /'
	comm -13 "$work/want" "$2.s" | sed 's/^/  extra:  /'
}
diags() { sed -n 's#^\(\./\)\{0,1\}\([^: ]*\.go\):\([0-9]*\):[0-9]*: .*#\2:\3#p' | sed "s#^$PWD/##"; }
go vet -vettool="$work/auth0vet" "$pattern" 2>&1 | diags >"$work/vet" || true
score "go vet" "$work/vet"
"$work/auth0vet" "$pattern" 2>&1 | diags >"$work/alone" || true
score standalone "$work/alone"
"$work/auth0vet" -local "$pattern" 2>&1 | diags >"$work/local" || true
score "-local" "$work/local"
