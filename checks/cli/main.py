"""`preflight`: the command line, for automation.

Exit status: 0 no error findings (for `match`: every identifier matched), 1 error
findings (identifiers that will not match), 2 unusable input or misuse (one line on
stderr, never a traceback). `python -m checks` is the same program.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import CheckOptions, DateOrder
from checks.check.validate import CheckResult, check_table
from checks.definitions.document import Definitions, demo_definitions, load_definitions
from checks.definitions.remote import RemoteSource, is_url, load_remote_definitions
from checks.export.csv import (
    ExportOptions,
    check_export_options,
    export_headers,
    split_by_errors,
    write_csv,
)
from checks.export.templates import TEMPLATE_SECTIONS, left_out, template_columns, template_csv
from checks.fix.fixes import FIXES_BY_NAME, FixOutcome, fix_names, fixed_table
from checks.map.headers import ColumnMapping
from checks.match.classes import PAIRED, MatchClass
from checks.match.matching import match_identifiers
from checks.match.result import MatchResult
from checks.model.errors import PreflightError, UnreadableFileError, UsageError
from checks.model.limits import MAX_UPLOAD_MB
from checks.model.table import Table
from checks.read import read_file
from checks.text.terminal import printable_lines
from checks.text.vectorised import offsets_and_bytes, rows_with_bytes

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
# The API key for a --definitions URL comes from the environment, never from an option:
# options are visible to every user of the machine in the process list.
API_KEY_ENV = "PREFLIGHT_DEFINITIONS_API_KEY"
API_KEY_HEADER_ENV = "PREFLIGHT_DEFINITIONS_API_KEY_HEADER"
DEFAULT_API_KEY_HEADER = "Authorization"
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
    _add_date_order(check)
    _add_max_size(check)
    _add_format(check)

    fix = commands.add_parser("fix", help="apply the safe fixes and write a corrected CSV",
                              description="Apply the safe fixes, write the corrected CSV, and "
                              "list what still needs a person.")
    fix.add_argument("file", help="the CSV or XLSX file to fix")
    fix.add_argument("--out", required=True, help="where to write the corrected CSV")
    _add_definitions(fix)
    fix.add_argument("--sheet", help="the sheet to read in a workbook")
    fix.add_argument("--input-sep", choices=list(SEPARATORS), default="auto",
                     help="the input's CSV separator (default: detected)")
    fix.add_argument("--sep", choices=[";", ",", "|"],
                     help="the separator of the corrected CSV (default: the input's)")
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
    template.add_argument("--sep", choices=[";", ",", "|"], default=";",
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
    _add_max_size(match)
    _add_format(match)
    return parser


def _add_definitions(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--definitions", metavar="DEFS",
                        help="the organization's definitions, YAML or JSON: a file or an "
                        f"http(s) URL (API key from ${API_KEY_ENV}, sent in the header "
                        f"${API_KEY_HEADER_ENV}, default {DEFAULT_API_KEY_HEADER}; default: "
                        "the bundled demo organization)")


def _add_date_order(command: argparse.ArgumentParser) -> None:
    """--day-first / --month-first: the order of ambiguous dates, else the column's own
    evidence decides."""
    order = command.add_mutually_exclusive_group()
    order.add_argument("--day-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as day/month")
    order.add_argument("--month-first", action="store_true",
                       help="read ambiguous dates such as 03/04/2025 as month/day")


def _add_max_size(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-size-mb", type=_megabytes, default=MAX_UPLOAD_MB, metavar="MB",
                        help="refuse a file larger than this, in megabytes (default: "
                        f"{MAX_UPLOAD_MB}, the app's upload limit; checking a file takes up to "
                        "4 times its size in memory)")


def _megabytes(text: str) -> float:
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


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        return _COMMANDS[args.command](args, stdout)
    except PreflightError as problem:
        print(printable_lines([f"preflight: {problem.message}"])[0], file=stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("preflight: interrupted", file=stderr)
        return 130


def _definitions(args: argparse.Namespace) -> Definitions:
    if not args.definitions:
        return demo_definitions()
    if is_url(args.definitions):
        return load_remote_definitions(remote_source(args.definitions, os.environ))
    return load_definitions(args.definitions)


def remote_source(url: str, environ: Mapping[str, str]) -> RemoteSource:
    """The request for a --definitions URL, its API key read from the environment."""
    api_key = environ.get(API_KEY_ENV) or None
    header = environ.get(API_KEY_HEADER_ENV) or DEFAULT_API_KEY_HEADER
    return RemoteSource(url, api_key_header=header, api_key=api_key)


def _read_file(path_text: str, *, sheet: str | None = None, separator: str | None = None,
               max_size_mb: float = MAX_UPLOAD_MB) -> Table:
    try:
        return read_file(Path(path_text), sheet=sheet, separator=separator,
                         max_size_mb=max_size_mb)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableFileError(f"cannot open '{path_text}': {reason}") from exc


def _options(args: argparse.Namespace) -> CheckOptions:
    if args.day_first:
        return CheckOptions(DateOrder.DAY_FIRST)
    if args.month_first:
        return CheckOptions(DateOrder.MONTH_FIRST)
    return CheckOptions()


def run_check(args: argparse.Namespace, stdout: TextIO) -> int:
    definitions = _definitions(args)
    table = _read_file(args.file, sheet=args.sheet, separator=SEPARATORS[args.sep],
                       max_size_mb=args.max_size_mb)
    result = check_table(table, definitions, _options(args))
    if args.format == "json":
        dump_json(check_report(args.file, result, records=Records), stdout)
        if result.table.unreadable_reason is not None:
            return EXIT_UNUSABLE
    else:
        _refuse_unreadable(args.file, result.table)
        stdout.write(format_text(args.file, result))
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def check_report(file: str, result: CheckResult, *,
                 records: Callable[[pd.DataFrame], object] | None = None) -> dict[str, object]:
    """The JSON object of `check --format json` (DESIGN.md).

    The findings are a list of dicts, or whatever `records` makes of the findings
    frame: the CLI passes `Records`, which `dump_json` writes column-wise."""
    table = result.table
    return {
        "file": file,
        "rows": table.rows,
        "columns": len(table.headers),
        "separator": table.separator,
        "encoding": table.encoding,
        "sheet": table.sheet,
        "findings": (records or _records)(result.findings),
        "summary": result.summary.to_dict(),
    }


class Records:
    """A frame to write as a JSON array with one object per row, exactly as
    `json.dump(_records(frame), indent=2, ensure_ascii=False)` would, but built
    column by column: the standard encoder, indented, is pure Python and takes
    seconds for 200,000 findings. "row" is an integer (or null); every other column
    holds texts (or null)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def write(self, stdout: TextIO, indent: int, batch: int = 50_000) -> None:
        """The array, its closing bracket at `indent` spaces (the line it is on)."""
        frame = self.frame
        if frame.empty:
            stdout.write("[]")
            return
        text = pa.large_string()
        item, field = " " * (indent + 2), " " * (indent + 4)
        pieces: list[pa.Scalar | pa.Array] = []
        for position, name in enumerate(frame.columns):
            lead = f"{item}{{\n" if position == 0 else ",\n"
            pieces += [pa.scalar(f"{lead}{field}{json.dumps(name, ensure_ascii=False)}: ",
                                 text), _json_values(frame[name], integer=name == "row")]
        pieces.append(pa.scalar(f"\n{item}}}", text))
        records = pc.binary_join_element_wise(*pieces, pa.scalar("", text))
        stdout.write("[\n")
        for start in range(0, len(records), batch):
            if start:
                stdout.write(",\n")
            stdout.write(",\n".join(records.slice(start, batch).to_pylist()))
        stdout.write(f"\n{' ' * indent}]")


def dump_json(document: dict[str, object], stdout: TextIO) -> None:
    """`json.dump(document, stdout, ensure_ascii=False, indent=2)` and a newline, the
    same text, with any `Records` in it written column-wise."""
    found: dict[str, Records] = {}

    def mark(value: object) -> object:
        if isinstance(value, Records):
            token = f"\x00records{len(found)}\x00"
            found[json.dumps(token)] = value
            return token
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mark(item) for item in value]
        return value

    text = json.dumps(mark(document), ensure_ascii=False, indent=2)
    done = 0
    if found:
        for match in re.finditer("|".join(map(re.escape, found)), text):
            stdout.write(text[done:match.start()])
            line = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
            found[match.group()].write(stdout, len(line) - len(line.lstrip(" ")))
            done = match.end()
    stdout.write(text[done:])
    stdout.write("\n")


#: Bytes that make a text need escaping in JSON: control characters, '"' and '\\'.
_JSON_ESCAPED = np.zeros(256, dtype=bool)
_JSON_ESCAPED[:0x20] = True
_JSON_ESCAPED[[ord('"'), ord("\\")]] = True


def _json_values(values: pd.Series, *, integer: bool) -> pa.Array:
    """The JSON text of each cell of a column: "null" when missing, the integer, or
    the string quoted and escaped exactly as `json.dumps(..., ensure_ascii=False)`
    does (its own escaping for the few texts that need any)."""
    text = pa.large_string()
    null = pa.scalar("null", text)
    if integer:
        numbers = pa.array(values.astype("Int64").array).cast(text)
        return pc.fill_null(numbers, null)
    objects = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(objects, skipna=True) not in ("string", "empty"):
        clean = values.astype(object).where(values.notna(), None)
        return pa.array([json.dumps(value, ensure_ascii=False) for value in clean], text)
    array = pa.array(objects, text, from_pandas=True)  # None and NaN: null
    quote = pa.scalar('"', text)
    quoted = pc.binary_join_element_wise(quote, array, quote, pa.scalar("", text))
    escape = rows_with_bytes(*offsets_and_bytes(array), _JSON_ESCAPED) if len(array) else None
    if escape is not None and escape.any():
        escaped = [json.dumps(value, ensure_ascii=False)
                   for value in array.filter(pa.array(escape)).to_pylist()]
        quoted = pc.replace_with_mask(quoted, pa.array(escape), pa.array(escaped, text))
    return pc.fill_null(quoted, null)


def format_text(file: str, result: CheckResult) -> str:
    table = result.table
    where = f"sheet '{table.sheet}'" if table.sheet else f"separator '{table.separator}'"
    lines = [f"{file}: {table.rows} rows, {len(table.headers)} columns, {where}, "
             f"encoding {table.encoding}, organization {result.definitions.organization}"]
    lines += finding_lines(result.findings)
    summary = result.summary
    verdict = "ready for Upflow" if summary.errors == 0 else "not ready for Upflow"
    lines.append(f"{summary.errors} errors, {summary.warnings} warnings, {summary.infos} "
                 f"infos: {verdict}")
    return "\n".join(printable_lines(lines)) + "\n"


def finding_lines(findings: pd.DataFrame) -> list[str]:
    """One line per finding: "  error   row 2, 'Email': message [rule] → fix: 'x'".

    Built column-wise by Arrow (a file with 200,000 findings would spend a second in
    a Python loop over them)."""
    if findings.empty:
        return []
    text = pa.large_string()

    def column(name: str) -> pa.Array:
        return pa.array(findings[name].to_numpy(dtype=object), text, from_pandas=True)

    def literal(value: str) -> pa.Scalar:
        return pa.scalar(value, text)

    def wrap(before: str, values: pa.Array, after: str) -> pa.Array:
        """before + value + after, null where the value is null."""
        return pc.binary_join_element_wise(literal(before), values, literal(after),
                                           literal(""))

    rows = wrap("row ", pa.array(findings["row"].astype("Int64").array).cast(text), "")
    columns = wrap("'", column("column"), "'")
    both = pc.and_(pc.is_valid(rows), pc.is_valid(columns))
    place = pc.binary_join_element_wise(
        pc.fill_null(rows, literal("")), pc.if_else(both, literal(", "), literal("")),
        pc.fill_null(columns, literal("")), literal(""))
    place = pc.if_else(pc.equal(place, literal("")), literal("file"), place)
    fix = pc.fill_null(wrap(" → fix: '", column("fix"), "'"), literal(""))
    lines = pc.binary_join_element_wise(
        literal("  "), pc.utf8_rpad(column("severity"), 7), literal(" "), place, literal(": "),
        column("message"), literal(" ["), column("rule"), literal("]"), fix, literal(""))
    return lines.to_pylist()


def run_fix(args: argparse.Namespace, stdout: TextIO) -> int:
    out = Path(args.out)
    _refuse_overwriting_input(args.file, out, args.report, args.rejects)
    skipped = set(fix_names(args.skip))
    chosen = [name for name in FIXES_BY_NAME if name not in skipped]
    definitions = _definitions(args)
    result = check_table(_read_file(args.file, sheet=args.sheet,
                                    separator=SEPARATORS[args.input_sep],
                                    max_size_mb=args.max_size_mb),
                         definitions, _options(args))
    _refuse_unreadable(args.file, result.table)
    # `apply_fixes` in two steps, letting go of the first check (its findings, the
    # original text of the fixed columns) before the corrected table is checked.
    table, changes = fixed_table(result, chosen)
    options_used, overrides = result.options, result.overrides
    del result
    outcome = FixOutcome(table, changes,
                         check_table(table, definitions, options_used, overrides))
    options = ExportOptions(separator=args.sep, bom=args.bom,
                            line_ending="\r\n" if args.line_ending == "crlf" else "\n",
                            canonical_headers=not args.keep_headers,
                            neutralise_formulas=args.neutralise_formulas)
    written = _write_outputs(args, outcome, options)
    if args.format == "json":
        report = {"file": args.file, "out": args.out,
                  "changes": Records(outcome.changes), "written": written,
                  "remaining": check_report(args.file, outcome.result, records=Records)}
        dump_json(report, stdout)
    else:
        stdout.write(format_fix_text(args, outcome, written))
    return EXIT_ERRORS if outcome.result.has_errors else EXIT_OK


def _refuse_overwriting_input(file: str, *outputs: str | None) -> None:
    source = Path(file).resolve()
    for output in outputs:
        if output is not None and Path(output).resolve() == source:
            raise UsageError(f"'{output}' is the input file: write the result elsewhere so "
                             "the original stays untouched")


def _write_outputs(args: argparse.Namespace, outcome: FixOutcome,
                   options: ExportOptions) -> dict[str, int]:
    written: dict[str, int] = {}
    table = outcome.table
    if args.rejects:
        table, rejected = split_by_errors(outcome.table, outcome.result.findings)
        _write_csv(args.rejects, rejected, outcome.result.mapping, options)
        written["rejects"] = rejected.rows
    _write_csv(args.out, table, outcome.result.mapping, options)
    written["out"] = table.rows
    if args.report:
        from checks.export.report import error_report  # loads openpyxl: only when asked for

        _write(args.report, error_report(outcome.result, outcome.changes))
    return written


def _write_csv(path: str, table: Table, mapping: ColumnMapping,
               options: ExportOptions) -> None:
    """The corrected CSV written as it is produced (a large file is never whole in
    memory); the options are checked before the file is created."""
    export_headers(table, mapping, canonical=options.canonical_headers)
    check_export_options(table, options)
    try:
        with Path(path).open("wb") as file:
            write_csv(table, file, mapping, options)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot write '{path}': {reason}") from exc


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot write '{path}': {reason}") from exc


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{k: (int(v) if k == "row" and v is not None else v) for k, v in record.items()}
            for record in clean.to_dict("records")]


def change_lines(changes: pd.DataFrame) -> list[str]:
    """One line per change: "  row 2, 'Email': 'A@x.fr' → 'a@x.fr' [email_uppercase]",
    built column-wise (a missing value reads as Python's f-string would write it)."""
    if changes.empty:
        return []
    text = pa.large_string()

    def column(name: str, missing: str) -> pa.Array:
        objects = changes[name].astype(object).to_numpy(dtype=object)
        array = pa.array(objects, text, from_pandas=True)
        return pc.fill_null(array, pa.scalar(missing, text))

    rows = pc.fill_null(pa.array(changes["row"].astype("Int64").array).cast(text),
                        pa.scalar("<NA>", text))
    pieces = ["  row ", rows, ", '", column("column", "None"), "': '",
              column("before", "None"), "' → '", column("after", "None"), "' [",
              column("rule", "None"), "]"]
    scalars = [pa.scalar(piece, text) if isinstance(piece, str) else piece for piece in pieces]
    return pc.binary_join_element_wise(*scalars, pa.scalar("", text)).to_pylist()


def format_fix_text(args: argparse.Namespace, outcome: FixOutcome,
                    written: dict[str, int]) -> str:
    changes = outcome.changes
    lines = [f"{args.file}: fixed {len(changes)} cells"]
    lines += change_lines(changes)
    remaining = outcome.result.findings
    lines.append(f"Still needs a person: {len(remaining)} findings")
    body = format_text(args.file, outcome.result).splitlines()[1:]
    lines += body
    lines.append(f"Wrote {written['out']} lines to {args.out}")
    if "rejects" in written:
        lines.append(f"Wrote {written['rejects']} lines with errors to {args.rejects}")
    formulas = outcome.result.count("formula_like")
    if formulas:
        lines.append(f"Put an apostrophe before the {formulas} formula-like cells"
                     if args.neutralise_formulas else
                     f"Kept the {formulas} formula-like cells as written (Upflow imports them "
                     "as text; a spreadsheet would run them; --neutralise-formulas puts an "
                     "apostrophe before them)")
    if args.report:
        lines.append(f"Wrote the error report to {args.report}")
    return "\n".join(printable_lines(lines)) + "\n"


def run_template(args: argparse.Namespace, stdout: TextIO) -> int:
    definitions = _definitions(args)
    columns = template_columns(args.sections, definitions)
    _write(args.out, template_csv(args.sections, definitions, args.sep))
    lines = [f"Wrote a template with {len(columns)} columns to {args.out}: "
             f"{', '.join(columns)}"]
    blocked = left_out(args.sections, definitions)
    if blocked:
        lines.append("Left out, since your source system does not allow updating them by "
                     f"CSV: {', '.join(blocked)}")
    stdout.write("\n".join(printable_lines(lines)) + "\n")
    return EXIT_OK


def run_match(args: argparse.Namespace, stdout: TextIO) -> int:
    tables = [_readable(getattr(args, side), sheet=getattr(args, f"{side}_sheet"),
                        separator=SEPARATORS[getattr(args, f"{side}_sep")],
                        max_size_mb=args.max_size_mb)
              for side in ("left", "right")]
    names = _side_names(args.left, args.right)
    result = match_identifiers(tables[0], args.left_column, tables[1], args.right_column,
                               left_name=names[0], right_name=names[1])
    if args.format == "json":
        json.dump(match_report(args.left, args.right, tables, result), stdout,
                  ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(format_match_text(tables, result))
    return EXIT_OK if result.all_matched else EXIT_ERRORS


def _readable(path: str, *, sheet: str | None, separator: str | None,
              max_size_mb: float) -> Table:
    """The file as a Table, or UnreadableFileError with the reader's reason."""
    table = _read_file(path, sheet=sheet, separator=separator, max_size_mb=max_size_mb)
    _refuse_unreadable(path, table)
    return table


def _refuse_unreadable(path: str, table: Table) -> None:
    """UnreadableFileError with the reader's reason when the file could not be read."""
    reason = table.unreadable_reason
    if reason is not None:
        raise UnreadableFileError(f"cannot read '{path}': {reason}")


def _side_names(left: str, right: str) -> tuple[str, str]:
    """The files' names as the advice cites them; whole paths when the names are alike."""
    names = (Path(left).name, Path(right).name)
    return names if names[0] != names[1] else (left, right)


def match_report(left: str, right: str, tables: Sequence[Table],
                 result: MatchResult) -> dict[str, object]:
    """The JSON object of `match --format json` (README, "Command line")."""
    values = result.values.astype(object).where(result.values.notna(), None)
    values = values.astype({"left_count": "int64", "right_count": "int64"})
    pairs = result.pairs.astype(object)
    return {
        "left": {"file": left, "column": result.left_column, "lines": tables[0].rows},
        "right": {"file": right, "column": result.right_column, "lines": tables[1].rows},
        "summary": result.summary,
        "values": values[["value", "class", "left_count", "right_count", "counterpart",
                          "difference", "left_rows", "right_rows"]].to_dict("records"),
        "pairs": pairs.to_dict("records"),
    }


def format_match_text(tables: Sequence[Table], result: MatchResult) -> str:
    """The summary per class, then each problem class with its advice and values."""
    lines = [f"{side}: {name}, column '{column}', {table.rows} lines"
             for side, name, column, table in (
                 ("left ", result.left_name, result.left_column, tables[0]),
                 ("right", result.right_name, result.right_column, tables[1]))]
    for cls, count in result.summary.items():
        unit = "line" if cls == MatchClass.EMPTY else "pair" if cls in PAIRED else "value"
        lines.append(f"  {cls:<21} {count:>8} {unit}{'' if count == 1 else 's'}")
    for cls in MatchClass:
        if cls is not MatchClass.MATCHED and result.summary[cls]:
            lines.append(f"{cls}: {result.advice(cls)}")
            lines += [f"  {item}" for item in _problems(result, cls)]
    problems = sum(c for cls, c in result.summary.items() if cls != MatchClass.MATCHED)
    lines.append("Every identifier matches: ready to map customers in Upflow"
                 if result.all_matched else
                 f"{result.summary[MatchClass.MATCHED]} identifiers match, {problems} "
                 "problems: fix them before mapping customers in Upflow")
    return "\n".join(printable_lines(lines)) + "\n"


def _problems(result: MatchResult, cls: MatchClass) -> list[str]:
    """One line per problem of the class: a value, a pair, or an empty line."""
    if cls is MatchClass.EMPTY:
        empty = result.lines[result.lines["class"] == cls]
        return [f"{_name(result, item.side)} row {item.row}"
                for item in empty.itertuples(index=False)]
    values = result.values[result.values["class"] == cls]
    where = {item.value: _where(result, item.left_rows, item.right_rows)
             for item in values.itertuples(index=False)}
    if cls not in PAIRED:
        return [f"'{value}': {place}" for value, place in where.items()]
    pairs = result.pairs[result.pairs["class"] == cls]
    found = [f"'{item.left_value}' ({where[item.left_value]}) ↔ '{item.right_value}' "
             f"({where[item.right_value]}): {item.difference}"
             for item in pairs.itertuples(index=False)]
    alone = values[values["counterpart"].isna()]
    return found + [f"'{item.value}' ({where[item.value]}): {item.difference}, nothing "
                    "like it on the other side" for item in alone.itertuples(index=False)]


def _where(result: MatchResult, left_rows: str, right_rows: str) -> str:
    """"billing.csv rows 8, 9; salesforce.csv row 8"."""
    places = [f"{_name(result, side)} {'rows' if ',' in rows else 'row'} {rows}"
              for side, rows in (("left", left_rows), ("right", right_rows)) if rows]
    return "; ".join(places)


def _name(result: MatchResult, side: str) -> str:
    return result.left_name if side == "left" else result.right_name


_COMMANDS = {"check": run_check, "fix": run_fix, "template": run_template,
             "match": run_match}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
