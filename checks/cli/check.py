"""`preflight check`: the findings of one file, as lines for people or one JSON object
for machines.

The text and JSON built here are also the "still needs a person" part of `fix`'s
output, so that both commands describe a finding the same way."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.validate import CheckResult, check_table
from checks.cli.exit_status import EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE
from checks.cli.inputs import (
    SEPARATORS,
    check_options,
    definitions_from,
    field_names,
    read_input,
    refuse_unreadable,
)
from checks.cli.json_output import Records, dump_json, record_dicts
from checks.model.findings import published
from checks.model.separators import TAB
from checks.read import notices
from checks.text.terminal import printable_lines


def run_check(args: argparse.Namespace, stdout: TextIO) -> int:
    """An unreadable file still gets its JSON object (its one finding says why) but
    exit status 2, since nothing was checked; as text it is one line on stderr."""
    definitions = definitions_from(args)
    table = read_input(args.file, sheet=args.sheet, separator=SEPARATORS[args.sep],
                       max_size_mb=args.max_size_mb, header_row=args.header_row,
                       custom_fields=field_names(definitions))
    result = check_table(table, definitions, check_options(args))
    if args.format == "json":
        dump_json(check_report(args.file, result, records=Records), stdout)
        if result.table.unreadable_reason is not None:
            return EXIT_UNUSABLE
    else:
        refuse_unreadable(args.file, result.table)
        stdout.write(format_text(args.file, result))
    return EXIT_OK if result.ready else EXIT_ERRORS


def check_report(file: str, result: CheckResult, *,
                 records: Callable[[pd.DataFrame], object] | None = None) -> dict[str, object]:
    """The JSON object of `check --format json` (README, "Command line").

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
        "header_row": table.header_row,
        "set_aside": [{"row": line.row, "kind": line.kind, "cells": list(line.cells)}
                      for line in table.trailing_rows],
        "shown_differently": [
            {"column": table.headers[note.position], "kind": note.kind, "cells": note.cells,
             "row": note.row, "shown": note.shown, "stored": note.stored}
            for note in table.shown_differently],
        "findings": (records or record_dicts)(published(result.findings)),
        "summary": result.summary.to_dict(),
    }


def format_text(file: str, result: CheckResult) -> str:
    """What the file is and how it was read, one line per finding, and the verdict
    last, where a person looks first at the end of a long list."""
    table = result.table
    where = (f"sheet '{table.sheet}'" if table.sheet else "separator tab"
             if table.separator == TAB else f"separator '{table.separator}'")
    lines = [f"{file}: {table.rows} rows, {len(table.headers)} columns, {where}, "
             f"encoding {table.encoding}, organization {result.definitions.organization}"]
    lines += notices(table)
    lines += finding_lines(result.findings)
    summary = result.summary
    verdict = "ready for Upflow" if result.ready else "not ready for Upflow"
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

