"""`preflight`: the command line, for automation.

Exit status: 0 no error findings, 1 error findings, 2 unusable input or misuse (one
line on stderr, never a traceback). `python -m checks` is the same program.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import pandas as pd

from checks.cells.base import CheckOptions, DateOrder
from checks.definitions import Definitions, demo_definitions, load_definitions
from checks.errors import PreflightError, UnreadableFileError, UsageError
from checks.read import read_table
from checks.table import Table
from checks.validate import CheckResult, check_table

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
SEPARATORS = {"auto": None, ";": ";", ",": ",", "|": "|"}


class _Parser(argparse.ArgumentParser):
    """argparse, but misuse ends in one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="preflight", description="Check customer files before an Upflow "
                     "import.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="check a CSV or XLSX file",
                                description="Check a file and list every problem found.")
    check.add_argument("file", help="the CSV or XLSX file to check")
    _add_definitions(check)
    check.add_argument("--sheet", help="the sheet to read in a workbook (default: the first "
                       "non-empty one)")
    check.add_argument("--sep", choices=list(SEPARATORS), default="auto",
                       help="the CSV separator (default: detected)")
    order = check.add_mutually_exclusive_group()
    order.add_argument("--day-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as day/month")
    order.add_argument("--month-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as month/day")
    _add_format(check)
    return parser


def _add_definitions(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--definitions", metavar="DEFS",
                        help="the organization's definitions, YAML or JSON (default: the "
                        "bundled demo organization)")


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="text for people, json for machines")


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        return _COMMANDS[args.command](args, stdout)
    except PreflightError as problem:
        print(f"preflight: {problem.message}", file=stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("preflight: interrupted", file=stderr)
        return 130


def _definitions(args: argparse.Namespace) -> Definitions:
    return load_definitions(args.definitions) if args.definitions else demo_definitions()


def _read_file(path_text: str, *, sheet: str | None = None, separator: str | None = None) -> Table:
    path = Path(path_text)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableFileError(f"cannot open '{path_text}': {reason}") from exc
    return read_table(data, path.name, sheet=sheet, separator=separator)


def _options(args: argparse.Namespace) -> CheckOptions:
    if args.day_first:
        return CheckOptions(DateOrder.DAY_FIRST)
    if args.month_first:
        return CheckOptions(DateOrder.MONTH_FIRST)
    return CheckOptions()


def run_check(args: argparse.Namespace, stdout: TextIO) -> int:
    definitions = _definitions(args)
    table = _read_file(args.file, sheet=args.sheet, separator=SEPARATORS[args.sep])
    result = check_table(table, definitions, _options(args))
    unreadable = (result.findings["rule"] == "file_unreadable").any()
    if args.format == "json":
        json.dump(check_report(args.file, result), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    elif unreadable:
        message = result.findings.loc[result.findings["rule"] == "file_unreadable", "message"]
        raise UnreadableFileError(f"cannot read '{args.file}': {message.iloc[0]}")
    else:
        stdout.write(format_text(args.file, result))
    if unreadable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def check_report(file: str, result: CheckResult) -> dict[str, object]:
    """The JSON object of `check --format json` (DESIGN.md)."""
    table = result.table
    findings = result.findings.astype(object).where(result.findings.notna(), None)
    records = [
        {**record, "row": None if record["row"] is None else int(record["row"])}
        for record in findings.to_dict("records")
    ]
    return {
        "file": file,
        "rows": table.rows,
        "columns": len(table.headers),
        "separator": table.separator,
        "encoding": table.encoding,
        "sheet": table.sheet,
        "findings": records,
        "summary": result.summary.to_dict(),
    }


def format_text(file: str, result: CheckResult) -> str:
    table = result.table
    where = f"sheet '{table.sheet}'" if table.sheet else f"separator '{table.separator}'"
    lines = [f"{file}: {table.rows} rows, {len(table.headers)} columns, {where}, "
             f"encoding {table.encoding}, organization {result.definitions.organization}"]
    for item in result.findings.itertuples(index=False):
        place = []
        if not pd.isna(item.row):
            place.append(f"row {item.row}")
        if item.column is not None:
            place.append(f"'{item.column}'")
        prefix = ", ".join(place) or "file"
        fix = f" → fix: '{item.fix}'" if item.fix is not None else ""
        lines.append(f"  {item.severity:<7} {prefix}: {item.message} [{item.rule}]{fix}")
    summary = result.summary
    verdict = "ready for Upflow" if summary.errors == 0 else "not ready for Upflow"
    lines.append(f"{summary.errors} errors, {summary.warnings} warnings, {summary.infos} "
                 f"infos: {verdict}")
    return "\n".join(lines) + "\n"


_COMMANDS = {"check": run_check}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
