#!/usr/bin/env bash
# Compares, in one run, the cost of `go vet` (default suite) with the auth0vet analyzers on large
# real modules, copied from the module cache to a temp dir and vetted offline:
#   github.com/auth0/go-auth0 v1.45.0 (~64k lines in management/; every package uses net/http
#   and go-auth0 itself, so the dataflow and the summaries run on all of it), and
#   github.com/minio/minio-go/v7 v7.4.1 (a large HTTP client that signs its own requests: the
#   fast path lets its Authorization-setting packages through).
#
#   default    go vet ./...                                   (cmd/vet's suite)
#   auth0vet   go vet -vettool=auth0vet ./...                 (our analyzers only)
#   suite      go vet -vettool=vetsuite ./...                 (cmd/vet's suite built from x/tools)
#   suite+a0   go vet -vettool=vetsuite-with-auth0vet ./...   (that suite plus our analyzers, facts on)
#   suite+a0l  the same with analyzers.Local (no facts)       (what the facts themselves cost)
#   alone      auth0vet ./...  and  alone-l: auth0vet -local ./...   (standalone)
#
# Every go vet run starts from a copy of the same warm build cache (dependencies compiled once)
# with no cached vet results, so each does the whole vet job. The runs are interleaved and
# repeated (REPS, default 3) and the medians reported: wall and CPU (user+sys) seconds, and the
# peak RSS of the largest process. The machine may be shared, so CPU time is the steadier
# number; the load average is printed. "added" is (suite+a0 - suite) / suite: what the
# analyzers add to a go vet run. Target: facts add <= 10% wall time and <= 15% peak RSS.
#
# Usage: bench/analyzers/run.sh   (from the repository root; make bench-analyzers)
#        MODULES="path@version ..." REPS=5 bench/analyzers/run.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
modules=${MODULES:-"github.com/auth0/go-auth0@v1.45.0 github.com/minio/minio-go/v7@v7.4.1"}
reps=${REPS:-3}

echo "building tools..." >&2
(cd "$root" &&
	go build -o "$work/auth0vet" ./cmd/auth0vet &&
	go build -o "$work/vetsuite" ./bench/analyzers/vetsuite &&
	go build -ldflags "-X main.withAuth0=true" -o "$work/vetsuite-a0" ./bench/analyzers/vetsuite &&
	go build -ldflags "-X main.withAuth0=local" -o "$work/vetsuite-a0l" ./bench/analyzers/vetsuite)

measure() { # dir, name, command... ; appends "wall cpu rss" to $dir/$name.runs
	local dir=$1 name=$2
	shift 2
	rm -rf "$dir/cache" && cp -r "$dir/warm-cache" "$dir/cache"
	# go vet exits 1 when it reports something; the timing is what matters here.
	/usr/bin/time -f '%e %U %S %M' "$@" >/dev/null 2>"$dir/$name.stderr" || true
	# /usr/bin/time writes its line last on stderr.
	read -r wall user sys rss <<<"$(tail -1 "$dir/$name.stderr")"
	echo "$wall $(echo "$user + $sys" | bc) $rss" >>"$dir/$name.runs"
}

median() { # dir, name, column (1 wall, 2 cpu, 3 rss)
	awk -v c="$3" '{print $c}' "$1/$2.runs" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

ratio() { echo "scale=1; 100 * ($1) / $2" | bc; }

bench_module() { # path@version
	local mod=$1 path=${1%@*} version=${1#*@}
	local dir="$work/$(echo "$path" | tr / _)"
	mkdir -p "$dir"
	# Anything the module cache lacks comes from the Go module proxy here, once, before anything
	# is measured; the measured runs below are offline (GOPROXY=off).
	local src
	src=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "$mod" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	if [ -z "$src" ] || [ ! -d "$src" ]; then
		echo "$mod: not in the module cache and not downloadable" >&2
		return 1
	fi
	cp -r "$src" "$dir/src"
	chmod -R u+w "$dir/src"
	(
		cd "$dir/src"
		# Test files need test-only modules that may not be cached; vet the library code only.
		find . -name '*_test.go' -delete
		export GOFLAGS=-mod=mod GOCACHE="$dir/cache" GOTOOLCHAIN=local
		go mod download
		echo "warming the build cache for $mod..." >&2
		go build ./... >/dev/null
		export GOPROXY=off GOSUMDB=off
		cp -r "$dir/cache" "$dir/warm-cache"
		lines=$(find . -name '*.go' | xargs cat | wc -l)
		pkgs=$(go list ./... | wc -l)
		echo
		echo "module: $path $version ($pkgs packages, $lines lines of non-test Go), $(go version), $reps runs each, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
		for i in $(seq "$reps"); do
			echo "$mod run $i/$reps..." >&2
			measure "$dir" default go vet ./...
			measure "$dir" auth0vet go vet -vettool="$work/auth0vet" ./...
			measure "$dir" suite go vet -vettool="$work/vetsuite" ./...
			measure "$dir" suite+a0 go vet -vettool="$work/vetsuite-a0" ./...
			measure "$dir" suite+a0l go vet -vettool="$work/vetsuite-a0l" ./...
			measure "$dir" alone "$work/auth0vet" ./...
			measure "$dir" alone-l "$work/auth0vet" -local ./...
		done
		echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
		for name in default auth0vet suite suite+a0 suite+a0l alone alone-l; do
			printf '%-9s wall %6.2fs  cpu %6.2fs  peak RSS %7d KB   (median; runs wall/cpu: %s)\n' "$name" \
				"$(median "$dir" "$name" 1)" "$(median "$dir" "$name" 2)" "$(median "$dir" "$name" 3)" "$(awk '{printf "%s/%s ", $1, $2}' "$dir/$name.runs")"
		done
		local s_w s_c s_r x_w x_c x_r l_w l_c l_r
		s_w=$(median "$dir" suite 1) s_c=$(median "$dir" suite 2) s_r=$(median "$dir" suite 3)
		x_w=$(median "$dir" suite+a0 1) x_c=$(median "$dir" suite+a0 2) x_r=$(median "$dir" suite+a0 3)
		l_w=$(median "$dir" suite+a0l 1) l_c=$(median "$dir" suite+a0l 2) l_r=$(median "$dir" suite+a0l 3)
		echo "added to a go vet run, (suite+a0 - suite) / suite: wall $(ratio "$x_w - $s_w" "$s_w")%  cpu $(ratio "$x_c - $s_c" "$s_c")%  peak RSS $(ratio "$x_r - $s_r" "$s_r")%  (target: wall <= 10%, RSS <= 15%)"
		echo "of which facts, (suite+a0 - suite+a0l) / suite: wall $(ratio "$x_w - $l_w" "$s_w")%  cpu $(ratio "$x_c - $l_c" "$s_c")%  peak RSS $(ratio "$x_r - $l_r" "$s_r")%"
		grep -h '\[[a-z-]*\]' "$dir/auth0vet.stderr" | cut -c1-160 | head -5 | sed 's/^/auth0vet finding: /' || true
	)
}

for m in $modules; do
	bench_module "$m"
done
