#!/usr/bin/env python3
"""Drives a command through a pseudo-terminal, as a person at a terminal would, for the shell tests.

Usage: pty_drive.py STEPS_JSON -- COMMAND [ARG...]
STEPS_JSON is a list of steps run in order: {"expect": REGEX} waits (up to "timeout_s", default 60) until
the output since the previous match matches; {"send": TEXT} types TEXT ("\\r" is Enter). The whole
transcript, with ANSI escape sequences and carriage returns removed, goes to stdout. Exit status: the
command's own when every step was met and it ended; 90 when an expectation timed out (the reason on stderr).
"""
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import time
import fcntl
import termios

ANSI = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[=>()][0-9A-B]?)")
# Output kept in memory; the shell test prints a few KiB.
MAX_TRANSCRIPT_BYTES = 4 * 1024 * 1024


def clean(raw):
    return ANSI.sub(b"", raw).replace(b"\r", b"").decode("utf-8", "replace")


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    steps = json.loads(sys.argv[1])
    command = sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    raw = b""
    seen = 0  # expectations look only at output after the previous match

    def read(timeout_s):
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], timeout_s)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False  # the child closed the terminal
        if not chunk:
            return False
        raw = (raw + chunk)[-MAX_TRANSCRIPT_BYTES:]
        return True

    for step in steps:
        if "send" in step:
            os.write(fd, step["send"].encode("utf-8"))
            continue
        pattern = re.compile(step["expect"])
        deadline = time.monotonic() + step.get("timeout_s", 60)
        while True:
            text = clean(raw)
            m = pattern.search(text, seen)
            if m:
                seen = m.end()
                break
            if time.monotonic() > deadline or not read(0.2):
                sys.stdout.write(clean(raw))
                print(f"\npty_drive: timed out waiting for /{step['expect']}/", file=sys.stderr)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return 90
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and read(0.2):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            while read(0.05):
                pass
            sys.stdout.write(clean(raw))
            return os.waitstatus_to_exitcode(status)
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    sys.stdout.write(clean(raw))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
