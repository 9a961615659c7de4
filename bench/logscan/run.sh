#!/usr/bin/env bash
# bench/logscan/run.sh: the log scanner against named baselines, measured in the same run on
# the same generated corpus (make bench-logscan).
#
#   wc -l        reads every byte: the practical ceiling for a pass over the data
#   jq           the usual tool for the job, with an equivalent filter (if installed)
#   pigz -dc     decompression alone, for gzip input (if installed)
#   /usr/bin/time      peak RSS at 256 MiB, at the full size and at 3x the full size, to show
#                      memory is flat; CPU% to show both cores are used
#
# Each timing is the best of $BENCH_RUNS runs from the page cache (the machine may be shared);
# jq, ~75x slower, runs once on the same corpus.
# Environment: BENCH_DIR (corpus and results; default /tmp/auth0audit-bench-logscan),
# BENCH_SIZE (default 1GiB), BENCH_HUGE (default 3GiB; "none" skips it), BENCH_RUNS (default 5),
# BENCH_BASELINE (a git ref, e.g. main: also builds that version and compares the two on the
# same corpus in the same run, runs interleaved, wall and CPU time; BENCH_ONLY_BASELINE=1 skips
# the rest).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/auth0audit-bench-logscan}
size=${BENCH_SIZE:-1GiB}
runs=${BENCH_RUNS:-5}
mkdir -p "$dir"

echo "== building"
(cd "$root" && go build -o "$dir/auth0audit" ./cmd/auth0audit && go build -o "$dir/gencorpus" ./bench/logscan/gencorpus)

small=$dir/corpus-256MiB.ndjson
big=$dir/corpus-$size.ndjson
hugesize=${BENCH_HUGE:-3GiB}
huge=$dir/corpus-$hugesize.ndjson
[ -s "$small" ] || "$dir/gencorpus" -size 256MiB -o "$small"
[ -s "$big" ] || "$dir/gencorpus" -size "$size" -o "$big"
[ "$hugesize" = none ] || [ -s "$huge" ] || "$dir/gencorpus" -size "$hugesize" -o "$huge"
have() { command -v "$1" >/dev/null 2>&1; }
if have pigz && [ ! -s "$big.gz" ]; then pigz -6 -k -c "$big" >"$big.gz"; fi

timer=/usr/bin/time
[ -x "$timer" ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

# measure KEY NAME FILE BYTES CMD...: best wall time of $runs runs, with the peak RSS and CPU
# use (100% is one core) of that run; BYTES is the uncompressed size the throughput is computed on.
results=$dir/results.tsv
: >"$results"
measure() {
	local key=$1 name=$2 file=$3 bytes=$4; shift 4
	cat "$file" >/dev/null # into the page cache
	local best="" rss="" cpu=""
	for _ in $(seq "${MEASURE_RUNS:-$runs}"); do
		"$timer" -f "%e %M %P" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/stderr.out" || {
			echo "$name failed:" >&2; cat "$dir/stderr.out" >&2; exit 1; }
		read -r secs kb pct <"$dir/time.out"
		if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs rss=$kb cpu=$pct; fi
	done
	printf '%s\t%s\t%s\t%s\t%s\n' "$key" "$(basename "$file")" "$bytes" "$best" "$rss" >>"$results"
	awk -v n="$name" -v b="$bytes" -v s="$best" -v r="$rss" -v c="$cpu" 'BEGIN{
		printf "%-34s %8.0f MiB %7.2f s %8.0f MB/s  peak RSS %6.1f MiB  CPU %5s\n", n, b/1048576, s, (s>0? b/1e6/s : 0), r/1024, c}'
}

sz() { stat -c %s "$1"; }
echo "== $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"

# compare NAME FILE ARGS...: this build against BENCH_BASELINE on FILE, each run of one
# followed by a run of the other (the order alternating), so that a load change on a shared
# machine hits both; prints the best wall and CPU (user+sys) time of each, and the ratios.
compare() {
	local name=$1 file=$2; shift 2
	cat "$file" >/dev/null
	local bo="" bb="" co="" cb=""
	for i in $(seq "$runs"); do
		for which in ours base; do
			[ $((i % 2)) = 0 ] && which=$([ "$which" = ours ] && echo base || echo ours)
			local bin=$dir/auth0audit
			[ "$which" = base ] && bin=$dir/auth0audit-baseline
			"$timer" -f "%e %U %S" -o "$dir/time.out" "$bin" logs "$file" "$@" >/dev/null 2>"$dir/stderr.out" || {
				echo "$which failed:" >&2; cat "$dir/stderr.out" >&2; exit 1; }
			read -r secs user sys <"$dir/time.out"
			cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')
			if [ "$which" = ours ]; then
				if [ -z "$bo" ] || awk "BEGIN{exit !($secs < $bo)}"; then bo=$secs; fi
				if [ -z "$co" ] || awk "BEGIN{exit !($cpu < $co)}"; then co=$cpu; fi
			else
				if [ -z "$bb" ] || awk "BEGIN{exit !($secs < $bb)}"; then bb=$secs; fi
				if [ -z "$cb" ] || awk "BEGIN{exit !($cpu < $cb)}"; then cb=$cpu; fi
			fi
		done
	done
	awk -v n="$name" -v b="$(sz "$file")" -v bo="$bo" -v bb="$bb" -v co="$co" -v cb="$cb" -v ref="$BENCH_BASELINE" 'BEGIN{
		printf "%-30s this build %6.2f s wall (%5.0f MB/s), %6.2f s CPU | %s %6.2f s wall (%5.0f MB/s), %6.2f s CPU | throughput %+.1f%%, CPU %+.1f%%\n",
			n, bo, b/1e6/bo, co, ref, bb, b/1e6/bb, cb, 100*(bb/bo-1), 100*(co/cb-1)}'
}

if [ -n "${BENCH_BASELINE:-}" ]; then
	echo "== this build vs $BENCH_BASELINE ($(git -C "$root" rev-parse --short "$BENCH_BASELINE"))"
	src=$dir/baseline-src
	rm -rf "$src" && mkdir -p "$src"
	git -C "$root" archive "$BENCH_BASELINE" | tar -x -C "$src"
	(cd "$src" && go build -o "$dir/auth0audit-baseline" ./cmd/auth0audit)
	compare "NDJSON, $size"       "$big" --format ndjson
	compare "NDJSON, $size, table" "$big"
	if have pigz; then compare "gzip, $size" "$big.gz" --format ndjson; fi
	arr=$dir/corpus-256MiB.json
	[ -s "$arr" ] || { printf '['; sed '$!s/$/,/' "$small"; printf ']\n'; } >"$arr"
	compare "JSON array, 256 MiB"  "$arr" --format ndjson
	compare "NDJSON, $size, --strict" "$big" --format ndjson --strict
	echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	[ -n "${BENCH_ONLY_BASELINE:-}" ] && exit 0
fi
measure wc    "wc -l"                     "$big"   "$(sz "$big")"   wc -l "$big"
measure ours  "auth0audit logs --format ndjson" "$big" "$(sz "$big")" "$dir/auth0audit" logs "$big" --format ndjson
measure small "auth0audit logs, 256 MiB"  "$small" "$(sz "$small")" "$dir/auth0audit" logs "$small" --format ndjson
measure table "auth0audit logs (table)"   "$big"   "$(sz "$big")"   "$dir/auth0audit" logs "$big"
measure json  "auth0audit logs --format json" "$big" "$(sz "$big")" "$dir/auth0audit" logs "$big" --format json
if [ "$hugesize" != none ]; then
	MEASURE_RUNS=2 measure huge "auth0audit logs, $hugesize" "$huge" "$(sz "$huge")" "$dir/auth0audit" logs "$huge" --format ndjson
fi
if have jq; then
	# The same decision: relevant types (calls only on identities/clients paths), then the
	# fields a finding reports.
	MEASURE_RUNS=1 measure jq "jq, same filter" "$big" "$(sz "$big")" jq -c 'select(.type=="depnote" or .type=="feccft"
		or .type=="mgmt_api_read" or ((.type=="sapi" or .type=="fapi")
		and ((.details.request.path // "") | test("/identities|/clients/"))))
		| {log_id, date, type, client_id, method: .details.request.method, path: .details.request.path,
		status_code: .details.response.statusCode}' "$big"
else
	echo "jq not installed: skipped (apt-get install -y jq)"
fi
if have pigz; then
	measure pigz   "pigz -dc (gzip)"        "$big.gz" "$(sz "$big")" pigz -dc "$big.gz"
	measure oursgz "auth0audit logs (gzip)" "$big.gz" "$(sz "$big")" "$dir/auth0audit" logs "$big.gz" --format ndjson
else
	echo "pigz not installed: skipped (apt-get install -y pigz)"
fi

echo "== ratios"
awk -F'\t' -v huge="$hugesize" '{ t[$1]=$4; b[$1]=$3; r[$1]=$5 }
END {
	printf "throughput vs wc -l:      %.0f%%  (target >= 50%%)\n", 100*t["wc"]/t["ours"]
	if ("jq" in t) printf "speed vs jq:              %.0fx  (target >= 50x)\n", t["jq"]/t["ours"]
	if ("pigz" in t) printf "gzip vs pigz -dc:         %.2fx (target >= 1)\n", t["pigz"]/t["oursgz"]
	printf "peak RSS 256 MiB -> full: %.1f -> %.1f MiB (target < 64, flat)\n", r["small"]/1024, r["ours"]/1024
	if ("huge" in r) printf "peak RSS full -> %s:     %.1f -> %.1f MiB (flat: %+.0f%%)\n", huge, r["ours"]/1024, r["huge"]/1024, 100*(r["huge"]-r["ours"])/r["ours"]
}' "$results"

echo "== go test -bench (classify hot path)"
(cd "$root" && go test -run '^$' -bench . -benchmem -count 1 ./logscan/)
