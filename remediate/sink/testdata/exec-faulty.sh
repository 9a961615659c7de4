#!/bin/sh
# Test double around exec-store.sh (fault-matrix and leak tests): before doing anything it
# records its own argv and environment (what auth0audit handed the command) under DIR/.proc/,
# then fails when DIR/.fail-OP-SLOT exists, or kills the auth0audit process that ran it
# (kill -9, a crash) before or after the operation when DIR/.kill-before-OP-SLOT or
# DIR/.kill-after-OP-SLOT exists (the file is removed first, so the resumed run goes on); a
# script DIR/.hook-before-OP-SLOT is run (then removed) before the operation: another writer.
set -eu
dir=$1 op=$2
slot=${3:-}
[ "$op" = check ] && slot=
here=$(dirname "$0")
mkdir -p "$dir/.proc"
n=$$
tr '\0' '\n' </proc/$$/cmdline >"$dir/.proc/$n.cmdline"
tr '\0' '\n' </proc/$$/environ >"$dir/.proc/$n.environ"
if [ -e "$dir/.fail-$op-$slot" ]; then echo "exec-faulty: $op $slot fails (test fault)" >&2; exit 1; fi
if [ -e "$dir/.hook-before-$op-$slot" ]; then sh "$dir/.hook-before-$op-$slot"; rm -f "$dir/.hook-before-$op-$slot"; fi
if [ -e "$dir/.kill-before-$op-$slot" ]; then rm -f "$dir/.kill-before-$op-$slot"; kill -9 "$PPID"; exit 1; fi
"$here/exec-store.sh" "$@"
if [ -e "$dir/.kill-after-$op-$slot" ]; then rm -f "$dir/.kill-after-$op-$slot"; kill -9 "$PPID"; fi
