"""Test-only start-up hook: record every file a Python process writes.

Python imports `sitecustomize` at start-up from its path, so a process started with
this folder first on PYTHONPATH loads this module. When PREFLIGHT_WRITE_AUDIT names a
file, an audit hook (PEP 578) appends a line "event<TAB>path" there for every file
opened for writing (built-in `open` and `os.open`, unnamed temporary files included:
their "path" is the folder), every temporary file or folder made by `tempfile`, every
folder created and every SQLite database connected to. The tests then compare what
was written with what the user asked for. Without the variable nothing happens.
"""

from __future__ import annotations

import os
import sys

_LOG = os.environ.get("PREFLIGHT_WRITE_AUDIT")
_WRITING = (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
            | getattr(os, "O_TMPFILE", 0))


def _install(log: str) -> None:
    # Opened before the hook exists, so the log itself is not recorded.
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def record(event: str, path: object) -> None:
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if isinstance(path, str | os.PathLike):
            line = f"{event}\t{os.fspath(path)}\n"
            os.write(descriptor, line.encode("utf-8", errors="backslashreplace"))

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITING)
            if writes:
                record(event, path)
        elif event in ("tempfile.mkstemp", "tempfile.mkdtemp", "os.mkdir",
                       "sqlite3.connect"):
            record(event, args[0])

    sys.addaudithook(hook)


if _LOG:
    _install(_LOG)
