"""Standard output holds the report and nothing else.

Libraries print: openpyxl writes `0 is out of range` to standard output on a workbook
with a minimal stylesheet, and warns on others. With `--format json` that would make the
output something other than one JSON document, and on the terminal it is noise. So, for
the whole run of a command, whatever anything but the report writes to standard output
is discarded — Python's `sys.stdout` and the file descriptor itself (a C library writes
there directly) — and warnings are not shown: standard error holds only the one line of
a refusal.
"""

from __future__ import annotations

import io
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout, suppress
from typing import TextIO


class _Discarded(io.TextIOBase):
    """A text stream that keeps nothing: where library prints go during a run."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextmanager
def report_stream(stdout: TextIO | None) -> Iterator[TextIO]:
    """The stream the report is written to, while nothing else reaches standard
    output: `stdout` itself when the caller gave one (a test running the program
    in-process), else the process's real standard output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if stdout is not None:
            with redirect_stdout(_Discarded()):
                yield stdout
            return
        with _real_stdout() as report, redirect_stdout(_Discarded()):
            yield report


@contextmanager
def _real_stdout() -> Iterator[TextIO]:
    """A stream on a copy of standard output's file descriptor, while the descriptor
    itself points at the null device (so that what C code writes there is dropped).
    Standard output as it was when it has no descriptor (an embedding program's)."""
    original = sys.stdout
    try:
        descriptor = original.fileno()
    except (AttributeError, OSError, ValueError):
        yield original
        return
    original.flush()
    report = os.fdopen(os.dup(descriptor), "w", encoding=original.encoding,
                       errors=original.errors, closefd=True)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)
    try:
        yield report
    finally:
        report.flush()
        with suppress(OSError, ValueError):
            original.flush()  # what a library wrote to it directly goes to the null device
        os.dup2(report.fileno(), descriptor)
        report.close()
