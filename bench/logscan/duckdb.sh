#!/usr/bin/env bash
# bench/logscan/duckdb.sh: the log classification in DuckDB beside the Go scanner, on the same
# generated 256 MiB corpus, in the same run (make bench-logscan-duckdb).
#
#   auth0audit logs                   the Go scanner (the baseline)
#   auth0audit logs --engine duckdb   the SQL query in an embedded DuckDB, records cut by the Go reader
#   DuckDB reading the file itself    the query --emit-sql duckdb --source FILE prints (go test -bench)
#
# DuckDB is not expected to be faster on one machine: the point is that the query runs where the
# logs already are. Each timing is the best of $BENCH_RUNS runs from the page cache. Both engines'
# findings are compared (log_id, use_case, status, confidence) before anything is timed.
# Environment: BENCH_DIR (default /tmp/auth0audit-bench-logscan, shared with bench-logscan),
# BENCH_SIZE (default 256MiB), BENCH_RUNS (default 3).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/auth0audit-bench-logscan}
size=${BENCH_SIZE:-256MiB}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir"
timer=/usr/bin/time
[ -x "$timer" ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

echo "== building (DuckDB needs cgo)"
(cd "$root" && go build -tags duckdb -o "$dir/auth0audit-duckdb" ./cmd/auth0audit && go build -o "$dir/gencorpus" ./bench/logscan/gencorpus)
corpus=$dir/corpus-$size.ndjson
[ -s "$corpus" ] || "$dir/gencorpus" -size "$size" -o "$corpus"
bin=$dir/auth0audit-duckdb

echo "== same findings"
keys() { jq -r '[.log_id, .use_case, .status, .confidence] | join(" ")' | sort; }
"$bin" logs "$corpus" --format ndjson | keys >"$dir/go.keys"
"$bin" logs "$corpus" --format ndjson --engine duckdb | keys >"$dir/duckdb.keys"
if cmp -s "$dir/go.keys" "$dir/duckdb.keys"; then
	echo "identical: $(wc -l <"$dir/go.keys") findings"
else
	echo "the engines differ:" >&2; diff "$dir/go.keys" "$dir/duckdb.keys" | head -20 >&2; exit 1
fi

measure() {
	local name=$1; shift
	cat "$corpus" >/dev/null
	local best="" rss="" cpu=""
	for _ in $(seq "$runs"); do
		"$timer" -f "%e %M %P" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/stderr.out" || {
			echo "$name failed:" >&2; cat "$dir/stderr.out" >&2; exit 1; }
		read -r secs kb pct <"$dir/time.out"
		if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs rss=$kb cpu=$pct; fi
	done
	awk -v n="$name" -v b="$(stat -c %s "$corpus")" -v s="$best" -v r="$rss" -v c="$cpu" 'BEGIN{
		printf "%-36s %6.0f MiB %7.2f s %7.0f MB/s  peak RSS %7.1f MiB  CPU %5s\n", n, b/1048576, s, b/1e6/s, r/1024, c}'
}

echo "== $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "Go scanner" "$bin" logs "$corpus" --format ndjson
measure "--engine duckdb" "$bin" logs "$corpus" --format ndjson --engine duckdb
echo "== DuckDB reading the file itself (the --emit-sql duckdb query)"
(cd "$root" && AUTH0AUDIT_BENCH_CORPUS="$corpus" go test -tags duckdb -run '^$' -bench 'EmittedQuery' -benchtime "${runs}x" ./logscan/duckrun/ | grep -E '^Benchmark|ok')
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
