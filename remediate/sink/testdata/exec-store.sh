#!/bin/sh
# An exec: store for auth0audit, and a template for wrapping a real secret store's CLI:
#
#   auth0audit fix rotate --client ID --secret-sink "exec:remediate/sink/testdata/exec-store.sh DIR" ...
#
# auth0audit appends the operation and its arguments to the command:
#   check CLIENT_ID         exit 0 when the store can take the client's stages
#   get SLOT CLIENT_ID      print the stage's value (nothing when empty)
#   set SLOT CLIENT_ID      store the value on standard input (exactly; no newline is added)
#   delete SLOT CLIENT_ID   empty the stage
# SLOT is pending, current or previous. This one keeps DIR/CLIENT_ID.SLOT files, created 0600;
# exec-gcloud.sh maps the same operations onto GCP Secret Manager.
set -eu
dir=$1
op=$2
umask 077
client=${4:-${3:-}}
case "$client" in
'' | */* | .*) echo "exec-store: bad client id '$client'" >&2; exit 2 ;;
esac
case "$op" in
check) mkdir -p "$dir" && test -w "$dir" ;;
get) f="$dir/$4.$3"; if [ -e "$f" ]; then cat "$f"; fi ;;
set) f="$dir/$4.$3"; cat >"$f.tmp" && mv "$f.tmp" "$f" ;;
delete) rm -f "$dir/$4.$3" ;;
*) echo "exec-store: unknown operation '$op'" >&2; exit 2 ;;
esac
