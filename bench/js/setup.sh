#!/usr/bin/env bash
# bench/js/setup.sh (make bench-js-setup): fetch what bench/js/run.sh measures, once, into a
# git-ignored cache, so that nothing downloads during the benchmark itself:
#   - a large real JavaScript/TypeScript tree: published npm packages unpacked with npm pack
#     (TypeScript sources of rxjs and zod; JavaScript of three, webpack, node-auth0, auth0.js)
#   - the baseline: ESLint with the TypeScript parser, from npm, at pinned versions.
# Environment: BENCH_JS_CACHE (default bench/js/.cache).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${BENCH_JS_CACHE:-$root/bench/js/.cache}
mkdir -p "$cache/tgz" "$cache/corpus" "$cache/eslint"
command -v npm >/dev/null || { echo "needs npm (Node.js 20)" >&2; exit 1; }

packages="rxjs@7.8.2 zod@4.6.7 three@0.187.0 webpack@5.112.2 auth0@7.1.0 auth0-js@10.2.1"
for p in $packages; do
	name=${p%@*}
	if [ ! -d "$cache/corpus/$name" ]; then
		(cd "$cache/tgz" && npm pack --silent "$p" >/dev/null)
		tgz=$(ls "$cache/tgz/$(echo "$name" | tr -d @ | tr / -)"-*.tgz | head -1)
		mkdir -p "$cache/corpus/$name"
		tar xzf "$tgz" -C "$cache/corpus/$name" --strip-components=1
	fi
done

cat >"$cache/eslint/package.json" <<'JSON'
{ "name": "auth0audit-bench-eslint", "private": true, "type": "module" }
JSON
if [ ! -x "$cache/eslint/node_modules/.bin/eslint" ]; then
	(cd "$cache/eslint" && npm install --silent --no-audit --no-fund \
		eslint@10.15.0 @typescript-eslint/parser@8.73.0 typescript@5.9.3)
fi
echo "bench-js cache ready in $cache: $(find "$cache/corpus" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) ! -name '*.d.ts' ! -name '*.d.mts' ! -name '*.d.cts' | wc -l) source files"
