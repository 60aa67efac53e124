"""The options of every command, in one argparse parser.

The README documents each option (tests/test_docs.py holds it to that), and misuse
ends in one line and exit status 2 like every other failure, never argparse's usage
block."""

from __future__ import annotations

import argparse
from typing import NoReturn

from checks.cli.inputs import SEPARATORS
from checks.definitions.credentials import (
    API_KEY_ENV,
    API_KEY_HEADER_ENV,
    DEFAULT_API_KEY_HEADER,
    HEADER_ENV_PREFIX,
)
from checks.export.templates import TEMPLATE_SECTIONS
from checks.fix.fixes import FIXES_BY_NAME
from checks.i18n import LANGUAGES
from checks.model.errors import UsageError
from checks.model.limits import MAX_UPLOAD_MB
from checks.model.separators import SEPARATORS as UPFLOW_SEPARATORS


class _Parser(argparse.ArgumentParser):
    """argparse, but misuse ends in one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_language(command: argparse.ArgumentParser) -> None:
    command.add_argument("--lang", choices=list(LANGUAGES), default=None,
                         help="the language of the messages and of the text output (default: "
                         "from the environment's locale, LANG; English unless it is French)")


def build_parser() -> argparse.ArgumentParser:
    """`preflight` and its commands; the options two commands share are added by the
    same helper so that they read and behave the same everywhere."""
    parser = _Parser(prog="preflight", description="Check customer files before an Upflow "
                     "import.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="check a CSV or XLSX file",
                                description="Check a file and list every problem found.")
    check.add_argument("file", help="the CSV or XLSX file to check")
    _add_definitions(check)
    _add_language(check)
    check.add_argument("--sheet", help="the sheet to read in a workbook (default: the first "
                       "non-empty one)")
    check.add_argument("--sep", choices=list(SEPARATORS), default="auto",
                       help="the CSV separator (default: detected)")
    _add_header_row(check)
    _add_date_order(check)
    _add_max_size(check)
    _add_format(check)

    fix = commands.add_parser("fix", help="apply the safe fixes and write a corrected CSV",
                              description="Apply the safe fixes, write the corrected CSV, and "
                              "list what still needs a person.")
    fix.add_argument("file", help="the CSV or XLSX file to fix")
    fix.add_argument("--out", required=True, help="where to write the corrected CSV")
    _add_definitions(fix)
    _add_language(fix)
    fix.add_argument("--sheet", help="the sheet to read in a workbook")
    fix.add_argument("--input-sep", choices=list(SEPARATORS), default="auto",
                     help="the input's CSV separator (default: detected)")
    _add_header_row(fix)
    fix.add_argument("--sep", choices=list(UPFLOW_SEPARATORS),
                     help="the separator of the corrected CSV (default: the input's; ; "
                     "for a tab-separated input)")
    _add_date_order(fix)
    fix.add_argument("--skip", action="append", default=[], metavar="FIX",
                     help=f"switch a fix off (repeatable): {', '.join(FIXES_BY_NAME)}")
    fix.add_argument("--bom", action="store_true",
                     help="start the CSV with a UTF-8 byte order mark (for Excel)")
    fix.add_argument("--line-ending", choices=["crlf", "lf"], default="crlf",
                     help="line ends of the corrected CSV (default: crlf)")
    fix.add_argument("--keep-headers", action="store_true",
                     help="keep your column names instead of Upflow's exact names")
    fix.add_argument("--neutralise-formulas", action="store_true",
                     help="put an apostrophe before every cell a spreadsheet would run as a "
                     "formula (reported as formula_like), in --out and --rejects; off by "
                     "default, since Upflow imports the apostrophe with the value")
    fix.add_argument("--report", metavar="FILE.xlsx",
                     help="also write the error report workbook")
    fix.add_argument("--rejects", metavar="FILE.csv",
                     help="write the lines that still have errors to this file, and only the "
                     "lines without errors to --out")
    _add_max_size(fix)
    _add_format(fix)

    template = commands.add_parser("template", help="write a blank import template",
                                   description="Write a blank CSV template for one or more "
                                   "import sections.")
    template.add_argument("sections", nargs="+", metavar="SECTION",
                          help=f"one or more of: {', '.join(TEMPLATE_SECTIONS)}")
    _add_definitions(template)
    _add_language(template)
    template.add_argument("--sep", choices=list(UPFLOW_SEPARATORS), default=";",
                          help="the template's separator (default: ;)")
    template.add_argument("--out", required=True, help="where to write the template")

    match = commands.add_parser("match", help="match two exports on a shared identifier",
                                description="Match a billing export and a Salesforce export "
                                "on their shared identifier and list every identifier that "
                                "will not match, with why.")
    for side in ("left", "right"):
        match.add_argument(side, metavar=side.upper(), help=f"the {side} CSV or XLSX file "
                           "(for example the billing export)" if side == "left" else
                           f"the {side} CSV or XLSX file (for example the Salesforce export)")
    for side in ("left", "right"):
        match.add_argument(f"--{side}-column", required=True, metavar="COL",
                           help=f"the identifier's column in {side.upper()} (its header)")
    for side in ("left", "right"):
        match.add_argument(f"--{side}-sheet", f"--sheet-{side}", dest=f"{side}_sheet",
                           metavar="NAME", help=f"the sheet to read in {side.upper()}, a "
                           "workbook (default: the first non-empty one)")
        match.add_argument(f"--{side}-sep", choices=list(SEPARATORS), default="auto",
                           help=f"{side.upper()}'s CSV separator (default: detected)")
        match.add_argument(f"--{side}-header-row", type=_row_number, metavar="N",
                           help=f"the spreadsheet row of {side.upper()}'s header (default: "
                           "--header-row, else detected)")
    _add_header_row(match)
    _add_max_size(match)
    _add_format(match)
    _add_language(match)
    return parser


def _add_definitions(parser: argparse.ArgumentParser) -> None:
    """--definitions: a path or a URL, but never the URL's API key, which would show
    in the process list."""
    parser.add_argument("--definitions", metavar="DEFS",
                        help="the organization's definitions, YAML or JSON: a file or an "
                        f"http(s) URL (API key from ${API_KEY_ENV}, sent in the header "
                        f"${API_KEY_HEADER_ENV}, default {DEFAULT_API_KEY_HEADER}; each "
                        f"${HEADER_ENV_PREFIX}<NAME> sends one more secret header, NAME "
                        f"with _ for -, e.g. ${HEADER_ENV_PREFIX}X_API_KEY and "
                        f"${HEADER_ENV_PREFIX}X_API_SECRET for Upflow's X-Api-Key and "
                        "X-Api-Secret; default: the bundled demo organization)")


def _add_header_row(parser: argparse.ArgumentParser) -> None:
    """--header-row: the spreadsheet row of the header, when detection (titles and
    notes above it skipped) gets it wrong."""
    parser.add_argument("--header-row", type=_row_number, metavar="N",
                        help="the spreadsheet row of the header (default: detected, "
                        "skipping titles, blank lines and notes above it)")


def _row_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a row number (1 or more), not {text!r}")
    return value


def _add_date_order(command: argparse.ArgumentParser) -> None:
    """--day-first / --month-first: the order of ambiguous dates, else the column's own
    evidence decides."""
    order = command.add_mutually_exclusive_group()
    order.add_argument("--day-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as day/month")
    order.add_argument("--month-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as month/day")


def _add_max_size(parser: argparse.ArgumentParser) -> None:
    """--max-size-mb: the app's upload limit by default, so that a file the app
    accepts is accepted here and a huge one fails early rather than out of memory."""
    parser.add_argument("--max-size-mb", type=_megabytes, default=MAX_UPLOAD_MB, metavar="MB",
                        help="refuse a file larger than this, in megabytes (default: "
                        f"{MAX_UPLOAD_MB}, the app's upload limit; checking a file takes up to "
                        "4 times its size in memory)")


def _megabytes(text: str) -> float:
    """The type of --max-size-mb: zero, a negative number, NaN or infinity would refuse
    every file or none, so they are misuse."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of megabytes, not {text!r}")
    return value


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="text for people, json for machines")

