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
    check.add_argument("--sheet", help="the sheet to read in a workbook (default: the recipe's, "
                       "else the one whose header names the most Upflow columns)")
    check.add_argument("--sep", choices=list(SEPARATORS), default=None,
                       help="the CSV separator (default: the recipe's, else detected)")
    _add_header_row(check)
    _add_date_order(check)
    _add_recipe_options(check, fix=False)
    _add_max_size(check)
    _add_format(check)

    fix = commands.add_parser("fix", help="apply the safe fixes and write a corrected CSV",
                              description="Apply the safe fixes, write the corrected CSV, and "
                              "list what still needs a person.")
    fix.add_argument("file", help="the CSV or XLSX file to fix")
    fix.add_argument("--out", required=True, help="where to write the corrected CSV")
    _add_definitions(fix)
    _add_language(fix)
    fix.add_argument("--sheet", help="the sheet to read in a workbook (default: the recipe's, "
                     "else detected)")
    fix.add_argument("--input-sep", choices=list(SEPARATORS), default=None,
                     help="the input's CSV separator (default: the recipe's, else detected)")
    _add_header_row(fix)
    fix.add_argument("--sep", choices=list(UPFLOW_SEPARATORS),
                     help="the separator of the corrected CSV (default: the recipe's, else "
                     "the input's; ; for a tab-separated input)")
    _add_date_order(fix)
    fix.add_argument("--skip", action="append", default=[], metavar="FIX",
                     help=f"switch a fix off (repeatable; added to the recipe's): "
                     f"{', '.join(FIXES_BY_NAME)}")
    fix.add_argument("--bom", action=argparse.BooleanOptionalAction, default=None,
                     help="start the CSV with a UTF-8 byte order mark, for Excel (default: the "
                     "recipe's, else no)")
    fix.add_argument("--line-ending", choices=["crlf", "lf"], default=None,
                     help="line ends of the corrected CSV (default: the recipe's, else crlf)")
    fix.add_argument("--keep-headers", action=argparse.BooleanOptionalAction, default=None,
                     help="keep your column names instead of Upflow's exact names (default: "
                     "the recipe's, else no)")
    fix.add_argument("--leave-out", action="append", default=[], metavar="COLUMN",
                     help="leave a column out of the corrected CSV, by header or letter "
                     "(repeatable; added to the recipe's)")
    _add_recipe_options(fix, fix=True)
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
                           "workbook (default: the recipe's, else the first non-empty one)")
        match.add_argument(f"--{side}-sep", choices=list(SEPARATORS), default=None,
                           help=f"{side.upper()}'s CSV separator (default: the recipe's, else "
                           "detected)")
        match.add_argument(f"--{side}-header-row", type=_row_number, metavar="N",
                           help=f"the spreadsheet row of {side.upper()}'s header (default: "
                           "--header-row, else the recipe's, else detected)")
    _add_header_row(match)
    match.add_argument("--recipe", metavar="FILE",
                       help="a recipe file (YAML, one recipe or a list): each file is read "
                       "with the recipe made for its headers (its sheet, separator and "
                       "header row); the options above win over it")
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


def _add_recipe_options(command: argparse.ArgumentParser, *, fix: bool) -> None:
    """--recipe, --map, --ignore and --save-recipe: the decisions of an import recipe
    (README, "Import recipes"), which the command's explicit options override."""
    decides = ("sheet, separator, header row, date order, column mapping, fixes switched off "
               "and the corrected file's options" if fix else
               "sheet, separator, header row, date order and column mapping")
    command.add_argument("--recipe", metavar="FILE",
                         help=f"a recipe file (YAML, one recipe or a list): the recipe made "
                         f"for this file's headers decides the {decides}; every option given "
                         "here wins over it")
    command.add_argument("--map", action="append", default=[], metavar="HEADER=TARGET",
                         help="read a column as an Upflow column or custom field, e.g. "
                         "--map 'Nom du client=Customer name' (repeatable; the column by "
                         "header or letter; wins over the recipe)")
    command.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                         help="leave a column out of the check, by header or letter "
                         "(repeatable; wins over the recipe)")
    command.add_argument("--save-recipe", metavar="FILE",
                         help="write the recipe of this run's choices (the recipe's, with "
                         "the options given here) to FILE, for --recipe or the app; when "
                         "FILE is the --recipe file, its recipe for this file is replaced "
                         "and the others are kept")


def _add_header_row(parser: argparse.ArgumentParser) -> None:
    """--header-row: the spreadsheet row of the header, when detection (titles and
    notes above it skipped) gets it wrong."""
    parser.add_argument("--header-row", type=_row_number, metavar="N",
                        help="the spreadsheet row of the header (default: the recipe's, else "
                        "detected, skipping titles, blank lines and notes above it)")


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
                       help="read ambiguous dates such as 03/04/2025 as day/month (wins over "
                       "the recipe)")
    order.add_argument("--month-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as month/day (wins over "
                       "the recipe)")


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

