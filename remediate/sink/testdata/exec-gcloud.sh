#!/bin/sh
# An exec: store for GCP Secret Manager, through gcloud (not run by the tests: Google offers no
# Secret Manager emulator). The client's current secret is the latest version of the secret
# auth0-CLIENT_ID; pending and previous are the secrets auth0-CLIENT_ID-pending and
# auth0-CLIENT_ID-previous. Use: --secret-sink "exec:exec-gcloud.sh PROJECT"
set -eu
project=$1 op=$2
case "$op" in
check) gcloud --project "$project" secrets list --limit 1 >/dev/null; exit ;;
esac
slot=$3 client=$4
name="auth0-$client"
[ "$slot" = current ] || name="$name-$slot"
exists() { gcloud --project "$project" secrets describe "$name" >/dev/null 2>&1; }
case "$op" in
get)
  exists || exit 0 # no such secret: the stage is empty
  gcloud --project "$project" secrets versions access latest --secret "$name" ;;
set)
  exists || gcloud --project "$project" secrets create "$name" --replication-policy automatic >/dev/null
  gcloud --project "$project" secrets versions add "$name" --data-file - >/dev/null ;; # the value comes on stdin
delete)
  if [ "$slot" = current ]; then echo "refusing to delete the current secret" >&2; exit 1; fi
  if exists; then gcloud --project "$project" secrets delete "$name" --quiet >/dev/null; fi ;;
*) echo "unknown operation $op" >&2; exit 2 ;;
esac
