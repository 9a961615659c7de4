#!/usr/bin/env bash
# bench/js/run.sh (make bench-js): the JavaScript/TypeScript scanner against ESLint running one
# no-restricted-syntax rule, side by side on the same files (the tree bench-js-setup unpacked:
# every .js .mjs .cjs .jsx .ts .mts .cts .tsx file but .d.ts declarations, node_modules, build
# output and minified files included so both tools read exactly the same set).
#
# Reports the best wall time of $BENCH_RUNS runs of each, the CPU seconds (user+system) and
# CPU use of that run, peak RSS (GNU time), seconds per 100k lines (target for the scanner:
# under 5 s on 2 cores, and faster than ESLint), and the load average: on a shared machine the
# CPU seconds are the steadier number.
# Environment: BENCH_JS_CACHE (default bench/js/.cache), BENCH_RUNS (default 3).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${BENCH_JS_CACHE:-$root/bench/js/.cache}
runs=${BENCH_RUNS:-3}
corpus=$cache/corpus
# Nothing downloads here: a missing or partial cache is an error naming the step that fills it.
missing=""
for p in rxjs zod three webpack auth0 auth0-js; do [ -d "$corpus/$p" ] || missing="$missing $p"; done
[ -x "$cache/eslint/node_modules/.bin/eslint" ] || missing="$missing eslint"
[ -z "$missing" ] || { echo "bench-js: the cache $cache lacks:$missing; run 'make bench-js-setup' once (it downloads them with npm), then 'make bench-js'" >&2; exit 1; }
timer=/usr/bin/time
[ -x "$timer" ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

echo "== building"
(cd "$root" && go build -o "$cache/auth0audit" ./cmd/auth0audit)

# ESLint lints only files under its config file's directory: the config lives at the corpus
# root (scanned by both tools alike) and loads the TypeScript parser from the cache.
cat >"$corpus/eslint.config.mjs" <<JS
import { createRequire } from "node:module";
const require = createRequire("$cache/eslint/package.json");
const tsParser = require("@typescript-eslint/parser");
export default [
  { files: ["**/*.{js,mjs,cjs,jsx}"], languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ["**/*.{ts,mts,cts,tsx}"], languageOptions: { parser: tsParser } },
  { ignores: ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts"] },
  { files: ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"],
    linterOptions: { reportUnusedDisableDirectives: "off", noInlineConfig: true },
    rules: { "no-restricted-syntax": ["error", "CallExpression[callee.property.name='linkUser']"] } },
];
JS

files=$(find "$corpus" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) ! -name '*.d.ts' ! -name '*.d.mts' ! -name '*.d.cts' | wc -l)
lines=$(find "$corpus" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) ! -name '*.d.ts' ! -name '*.d.mts' ! -name '*.d.cts' -print0 | xargs -0 cat | wc -l)
echo "== corpus: $files files, $lines lines; $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure NAME CMD...: best wall time of $runs runs, with that run's CPU and peak RSS. Exit
# status OK_EXIT besides 0 is success too (2: the scanner found something; 1: ESLint did).
measure() {
	local name=$1; shift
	local best="" rss="" cpu="" cpus=""
	for _ in $(seq "$runs"); do
		"$timer" -f "%e %M %P %U %S" -o "$cache/time.out" "$@" >"$cache/out.txt" 2>"$cache/err.txt" || {
			rc=$?; if [ "$rc" -ne "${OK_EXIT:-2}" ]; then echo "$name failed ($rc):" >&2; tail -n 5 "$cache/err.txt" "$cache/out.txt" >&2; exit 1; fi; }
		read -r secs kb pct usr sys < <(tail -1 "$cache/time.out")
		if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs rss=$kb cpu=$pct cpus=$(awk -v u="$usr" -v s="$sys" 'BEGIN{print u+s}'); fi
	done
	printf '%-44s %7.2f s wall %6.2f s/100k lines  CPU %7.2f s (%5s)  peak RSS %7.1f MiB\n' "$name" "$best" \
		"$(awk -v s="$best" -v l="$lines" 'BEGIN{print s*100000/l}')" "$cpus" "$cpu" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
	echo "$best" >"$cache/last.secs"
}

measure "auth0audit code (JS/TS scanner)" "$cache/auth0audit" code -C "$corpus" . --include node_modules,build,minified,testdata,hidden --fail-on none --json
ours=$(cat "$cache/last.secs")
"$cache/auth0audit" code -C "$corpus" . --include node_modules,build,minified,testdata,hidden --fail-on none --json 2>/dev/null \
	| python3 -c 'import json,sys; d=json.load(sys.stdin); j=d.get("javascript") or {}; print("   scanner read %s files, %s lines, %s not parsed, %d finding(s)" % (j.get("files"), j.get("lines"), j.get("unparsed"), len(d["findings"])))' || true
OK_EXIT=1 measure "eslint no-restricted-syntax (espree + ts parser)" sh -c "cd '$corpus' && exec '$cache/eslint/node_modules/.bin/eslint' -c eslint.config.mjs --max-warnings=-1 ."
theirs=$(cat "$cache/last.secs")
awk -v a="$ours" -v b="$theirs" 'BEGIN{printf "== scanner / eslint wall time: %.2fx (%s)\n", a/b, (a<b ? "scanner faster" : "ESLINT FASTER")}'
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
