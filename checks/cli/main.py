"""`preflight`: the command line, for automation.

Exit status: 0 no error findings (for `match`: every identifier matched), 1 error
findings (identifiers that will not match), 2 unusable input or misuse (one line on
stderr, never a traceback). `python -m checks` is the same program.

Each command is its own module of `checks.cli`; this one only parses the options,
runs the command and turns any `PreflightError` into that one line, so that no
command can end in a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from checks.cli.check import run_check
from checks.cli.exit_status import EXIT_UNUSABLE
from checks.cli.fix import run_fix
from checks.cli.match import run_match
from checks.cli.parser import build_parser
from checks.cli.streams import report_stream
from checks.cli.template import run_template
from checks.i18n import environment_language, use_language
from checks.model.errors import PreflightError
from checks.text.terminal import printable_lines

#: Each command's function: it prints its output to the stream and returns the exit status.
_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "check": run_check, "fix": run_fix, "template": run_template, "match": run_match}


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """The exit status rather than `sys.exit`, and the streams as arguments, so that
    tests run the real program in-process. Nothing but the report reaches standard
    output (`checks.cli.streams`)."""
    stderr = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        with (use_language(args.lang or environment_language()),
              report_stream(stdout) as report):
            return _COMMANDS[args.command](args, report)
    except PreflightError as problem:
        print(printable_lines([f"preflight: {problem.message}"])[0], file=stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("preflight: interrupted", file=stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
