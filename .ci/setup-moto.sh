# .ci/setup-moto.sh: starts moto_server (the AWS Secrets Manager API, from Python's moto) on a
# free loopback port for the aws-sm secret store's tests, and exports its endpoint as
# AUTH0AUDIT_MOTO_URL (remediate/sink/sinktest.MotoEnv): the tests then use it instead of
# starting their own. SOURCE it (`. .ci/setup-moto.sh`): it sets a variable in the caller.
#
# moto_server runs until the caller's shell exits, however that ends (success, failure, kill):
# it reads its standard input from a pipe whose only writer is file descriptor MOTO_FD of the
# calling shell (remediate/sink/sinktest/moto_until_eof.py exits when the pipe closes). An EXIT
# trap also stops it explicitly and says so; `stop_moto` stops it earlier.
#
# Missing moto is a failure, not a skip: under CI the aws-sm tests would fail anyway, and the
# reason is clearer here.
# shellcheck shell=bash

if ! python3 -c 'import moto, moto.server' 2>/dev/null; then
  echo "moto is missing: python3 -c 'import moto' failed; the aws-sm secret store is tested against moto_server;" \
    "install it (pip install 'moto[server]') - CI fails without it" >&2
  exit 1
fi

moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_log=$(mktemp -t moto-XXXXXX.log)
exec {MOTO_FD}> >(exec python3 remediate/sink/sinktest/moto_until_eof.py "$moto_port" >"$moto_log" 2>&1)
moto_pid=$!
export AUTH0AUDIT_MOTO_URL="http://127.0.0.1:$moto_port"

stop_moto() {
  if [ -n "${MOTO_FD:-}" ]; then
    exec {MOTO_FD}>&- # closes moto's standard input: it exits
    MOTO_FD=
    for _ in $(seq 50); do kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$moto_pid" 2>/dev/null || true
    echo "moto_server (pid $moto_pid) stopped"
  fi
}
trap stop_moto EXIT

# It took 30 s to start on a loaded 2-core machine (1 s idle): poll, with a generous bound.
moto_started=$SECONDS
moto_deadline=$((SECONDS + 180))
until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=5)' "$AUTH0AUDIT_MOTO_URL" 2>/dev/null; do
  if ! kill -0 "$moto_pid" 2>/dev/null; then
    echo "moto_server exited while starting; its log ($moto_log):" >&2; tail -n 40 "$moto_log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$moto_deadline" ]; then
    echo "moto_server did not answer on $AUTH0AUDIT_MOTO_URL within 180 s; its log ($moto_log):" >&2; tail -n 40 "$moto_log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "moto_server $(python3 -c 'import moto; print(moto.__version__)') on $AUTH0AUDIT_MOTO_URL (pid $moto_pid), ready after $((SECONDS - moto_started)) s"
