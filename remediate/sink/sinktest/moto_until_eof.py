"""Runs moto_server on 127.0.0.1:PORT (argv[1]) until standard input closes.

The process that starts it keeps the other end of a pipe open, so moto_server stops when that
process ends, however it ends (exit, panic, kill -9): a test run or CI never leaves one behind.
Used by remediate/sink/sinktest (Go tests) and .ci/setup-moto.sh.
"""
import os
import sys
import threading


def _exit_when_stdin_closes():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)


threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()

from moto.server import main  # noqa: E402  (imported after the watchdog: the import takes seconds)

main(["-H", "127.0.0.1", "-p", sys.argv[1]])
