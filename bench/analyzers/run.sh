#!/usr/bin/env bash
# Compares, in one run, the cost of `go vet` (default suite) with the auth0vet analyzers on a
# large real module: go-auth0 v1.45.0 from the module cache (~64k lines in management/),
# copied to a temp dir and built offline.
#
#   default   go vet ./...                                  (cmd/vet's suite)
#   auth0vet  go vet -vettool=auth0vet ./...                (our analyzers only)
#   suite     go vet -vettool=vetsuite ./...                (cmd/vet's suite built from x/tools)
#   suite+a0  go vet -vettool=vetsuite-with-auth0vet ./...  (that suite plus our analyzers)
#
# Every run starts from a copy of the same warm build cache (dependencies compiled once) with
# no cached vet results, so each does the whole vet job. The four are interleaved and repeated
# (REPS, default 3) and the medians reported: wall and CPU (user+sys) seconds, and the peak RSS
# of the largest process. The machine may be shared, so CPU time is the steadier number. "added" is (suite+a0 - suite) / suite: what the analyzers
# add to a go vet run. Target: < 10%.
#
# Usage: bench/analyzers/run.sh   (from the repository root; make bench-analyzers)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

modcache=$(go env GOMODCACHE)
src_mod="$modcache/github.com/auth0/go-auth0@v1.45.0"
if [ ! -d "$src_mod" ]; then
	echo "go-auth0 v1.45.0 is not in the module cache ($src_mod); run 'go mod download' in $root first" >&2
	exit 1
fi

echo "building tools..." >&2
(cd "$root" &&
	go build -o "$work/auth0vet" ./cmd/auth0vet &&
	go build -o "$work/vetsuite" ./bench/analyzers/vetsuite &&
	go build -ldflags "-X main.withAuth0=true" -o "$work/vetsuite-a0" ./bench/analyzers/vetsuite)

cp -r "$src_mod" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"
# Test files need test-only modules that may not be cached; vet the library code only.
find . -name '*_test.go' -delete
export GOFLAGS=-mod=mod GOCACHE="$work/cache" GOTOOLCHAIN=local
# go-auth0 is vetted with its own pinned dependencies. Any that the module cache lacks come
# from the Go module proxy here, once, before anything is measured; the measured runs below
# are offline (GOPROXY=off), so a download can never be timed.
go mod download
echo "warming the build cache..." >&2
go build ./...
export GOPROXY=off GOSUMDB=off
cp -r "$work/cache" "$work/warm-cache"
lines=$(find . -name '*.go' | xargs cat | wc -l)
pkgs=$(go list ./... | wc -l)

measure() { # name, command... ; appends "wall cpu rss" to $work/$name.runs
	local name=$1
	shift
	rm -rf "$work/cache" && cp -r "$work/warm-cache" "$work/cache"
	# go vet exits 1 when it reports something; the timing is what matters here.
	/usr/bin/time -f '%e %U %S %M' "$@" >/dev/null 2>"$work/$name.stderr" || true
	# /usr/bin/time writes its line last on stderr.
	read -r wall user sys rss <<<"$(tail -1 "$work/$name.stderr")"
	echo "$wall $(echo "$user + $sys" | bc) $rss" >>"$work/$name.runs"
}

median() { # name, column (1 wall, 2 cpu, 3 rss)
	awk -v c="$2" '{print $c}' "$work/$1.runs" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

reps=${REPS:-3}
echo "module: github.com/auth0/go-auth0 v1.45.0 ($pkgs packages, $lines lines of non-test Go), $(go version), $reps runs each"
for i in $(seq "$reps"); do
	echo "run $i/$reps..." >&2
	measure default go vet ./...
	measure auth0vet go vet -vettool="$work/auth0vet" ./...
	measure suite go vet -vettool="$work/vetsuite" ./...
	measure suite+a0 go vet -vettool="$work/vetsuite-a0" ./...
done

for name in default auth0vet suite suite+a0; do
	printf '%-9s wall %6.2fs  cpu %6.2fs  peak RSS %7d KB   (median; runs: %s)\n' "$name" \
		"$(median "$name" 1)" "$(median "$name" 2)" "$(median "$name" 3)" "$(awk '{printf "%s/%s ", $1, $2}' "$work/$name.runs")"
done

ratio() { echo "scale=1; 100 * ($1) / $2" | bc; }
d_w=$(median default 1) d_c=$(median default 2) d_r=$(median default 3)
a_w=$(median auth0vet 1) a_c=$(median auth0vet 2) a_r=$(median auth0vet 3)
s_w=$(median suite 1) s_c=$(median suite 2) s_r=$(median suite 3)
x_w=$(median suite+a0 1) x_c=$(median suite+a0 2) x_r=$(median suite+a0 3)
echo
echo "auth0vet alone / go vet default: wall $(ratio "$a_w" "$d_w")%  cpu $(ratio "$a_c" "$d_c")%  peak RSS $(ratio "$a_r" "$d_r")%"
echo "added to a go vet run, (suite+a0 - suite) / suite: wall $(ratio "$x_w - $s_w" "$s_w")%  cpu $(ratio "$x_c - $s_c" "$s_c")%  peak RSS $(ratio "$x_r - $s_r" "$s_r")%  (target < 10%)"

# Analysis time alone, without loading and type checking: the standalone drivers' -debug=tp
# (sequential) timing of every analysis action, summed. The suite also analyzes the
# dependencies from source, as go vet does to compute facts.
sumtimes() { # tool, name
	"$1" -debug=tp ./... 2>&1 >/dev/null | awk '
		/^[0-9.]+(ns|µs|us|ms|s)[ \t]/ {
			v = $1; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-zµ]+$/, "", v)
			f = (u == "s") ? 1000 : (u == "ms") ? 1 : (u == "ns") ? 1e-6 : 1e-3
			t += v * f
		}
		END { printf "%.0f", t }'
}
a_ms=$(sumtimes "$work/auth0vet")
s_ms=$(sumtimes "$work/vetsuite")
echo "analysis time alone (standalone -debug=tp, summed): auth0vet ${a_ms} ms, vet suite ${s_ms} ms, ratio $(ratio "$a_ms" "$s_ms")%;  auth0vet analysis / go vet default wall: $(ratio "$a_ms" "($d_w * 1000)")%"
sed -n 's/^\(.*\[[a-z-]*\].*\)$/auth0vet finding: \1/p' "$work/auth0vet.stderr" | cut -c1-160 | head -5
