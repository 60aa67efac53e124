"""`preflight check`: the findings of one file, as lines for people or one JSON object
for machines.

The text and JSON built here are also the "still needs a person" part of `fix`'s
output, so that both commands describe a finding the same way."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.validate import CheckResult, check_table
from checks.cli.exit_status import EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE
from checks.cli.inputs import definitions_from, refuse_unreadable
from checks.cli.json_output import Records, dump_json, record_dicts
from checks.cli.recipes import prepare, recipe_line, save_recipe
from checks.export.preview import PREVIEW_HEADING, import_preview, preview_dict, preview_sentences
from checks.i18n import _, ngettext, pgettext
from checks.model.findings import published
from checks.model.separators import TAB
from checks.model.table import Table
from checks.read import notices
from checks.text.terminal import printable_lines


def run_check(args: argparse.Namespace, stdout: TextIO) -> int:
    """An unreadable file still gets its JSON object (its one finding says why) but
    exit status 2, since nothing was checked; as text it is one line on stderr."""
    definitions = definitions_from(args)
    prepared = prepare(args, definitions, separator=args.sep)
    settings = prepared.settings
    result = check_table(prepared.table, definitions, settings.options,
                         settings.override_map or None)
    if result.table.unreadable_reason is None:
        save_recipe(args, prepared, definitions)
    if args.format == "json":
        dump_json(check_report(args.file, result, records=Records), stdout)
        if result.table.unreadable_reason is not None:
            return EXIT_UNUSABLE
    else:
        refuse_unreadable(args.file, result.table)
        stdout.write(recipe_line(prepared.recipe))
        write_text(text_parts(args.file, result), stdout)
    return EXIT_OK if result.ready else EXIT_ERRORS


def check_report(file: str, result: CheckResult, *,
                 records: Callable[[pd.DataFrame], object] | None = None,
                 preview: bool = True) -> dict[str, object]:
    """The JSON object of `check --format json` (README, "Command line").

    The findings are a list of dicts, or whatever `records` makes of the findings
    frame: the CLI passes `Records`, which `dump_json` writes column-wise. `preview`:
    with what Upflow will do with the file (`fix` gives it beside, not inside, what
    remains)."""
    table = result.table
    report: dict[str, object] = {
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
    if preview:
        report["preview"] = preview_dict(import_preview(result))
    return report


#: Findings (or changes) turned into text and written at a time: the text of 300,000
#: findings built whole (their lines, then one string) would cost hundreds of MB.
TEXT_BATCH = 20_000


def format_text(file: str, result: CheckResult) -> str:
    """What the file is and how it was read, one line per finding, and the verdict
    last, where a person looks first at the end of a long list."""
    return "".join(text_chunks(text_parts(file, result)))


def text_parts(file: str, result: CheckResult) -> Iterator[list[str]]:
    """`format_text`'s lines, a batch at a time, so that `write_text` never holds the
    text of every finding at once."""
    table = result.table
    # English writes these counts as they are ("1 rows", "1 errors"): both of its forms
    # are the same, and the plural forms let French agree with the count.
    facts = [ngettext("{count} rows", "{count} rows", table.rows).format(count=table.rows),
             ngettext("{count} columns", "{count} columns", len(table.headers)).format(
                 count=len(table.headers)),
             *reading_facts(table),
             _("organization {organization}").format(
                 organization=result.definitions.organization)]
    yield [_("{file}: {facts}").format(file=file, facts=", ".join(facts)), *notices(table)]
    yield from batches(result.findings, finding_lines)
    summary = result.summary
    verdict = _("ready for Upflow") if result.ready else _("not ready for Upflow")
    yield [*preview_lines(result), _("{errors}, {warnings}, {infos}: {verdict}").format(
        errors=ngettext("{count} errors", "{count} errors", summary.errors).format(
            count=summary.errors),
        warnings=ngettext("{count} warnings", "{count} warnings", summary.warnings).format(
            count=summary.warnings),
        infos=ngettext("{count} infos", "{count} infos", summary.infos).format(
            count=summary.infos), verdict=verdict)]


def batches(frame: pd.DataFrame,
            lines_of: Callable[[pd.DataFrame], list[str]]) -> Iterator[list[str]]:
    """`lines_of` each `TEXT_BATCH` rows of `frame` (each line stands for one row)."""
    for start in range(0, len(frame), TEXT_BATCH):
        yield lines_of(frame.iloc[start:start + TEXT_BATCH])


def text_chunks(parts: Iterable[list[str]]) -> Iterator[str]:
    """Each batch of lines as text, control characters escaped; together, the lines
    joined by line breaks with one at the end."""
    for lines in parts:
        if lines:
            yield "\n".join(printable_lines(lines)) + "\n"


def write_text(parts: Iterable[list[str]], stdout: TextIO) -> None:
    """Write the text of `parts` a batch at a time."""
    for chunk in text_chunks(parts):
        stdout.write(chunk)


def preview_lines(result: CheckResult) -> list[str]:
    """What Upflow will do with the file, a heading and a line per sentence (the Fix
    page's words); nothing for a file without an import section, whose finding
    already says that nothing would be imported."""
    if not result.mapping.sections:
        return []
    heading = _("{heading}:").format(heading=_(PREVIEW_HEADING))
    return [heading, *(f"  {sentence}" for sentence in preview_sentences(import_preview(result)))]


def reading_facts(table: Table) -> list[str]:
    """How the file was read, only what applies: a workbook's sheet, or a text file's
    separator and encoding. Nothing is said of what a file does not have (a workbook
    has no encoding, a one-column file no separator), rather than printing "None"."""
    if table.sheet:
        return [_("sheet '{sheet}'").format(sheet=table.sheet)]
    facts = []
    if table.separator == TAB:
        facts.append(_("separator tab"))
    elif table.separator:
        facts.append(_("separator '{separator}'").format(separator=table.separator))
    if table.encoding:
        facts.append(_("encoding {encoding}").format(encoding=table.encoding))
    return facts


_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")


def filled(template: str, **columns: pa.Array) -> pa.Array:
    """A translated template with each `{name}` replaced by that column's value, row by
    row (Arrow, no Python loop); null where a value is null. The translator sees the
    whole line; values are never read as templates."""
    text = pa.large_string()
    pieces: list[pa.Array | pa.Scalar] = []
    for piece in _PLACEHOLDER.split(template):
        name = piece[1:-1] if _PLACEHOLDER.fullmatch(piece) else None
        if name is not None and name in columns:
            pieces.append(columns[name])
        elif piece:
            pieces.append(pa.scalar(piece, text))
    return pc.binary_join_element_wise(*pieces, pa.scalar("", text))


def severity_names(severities: pa.Array) -> pa.Array:
    """Each finding's severity as the current language names it (JSON keeps the codes),
    padded to the longest name, so the messages line up."""
    text = pa.large_string()
    names = {"error": pgettext("severity", "error"),
             "warning": pgettext("severity", "warning"),
             "info": pgettext("severity", "info")}
    width = max(7, *(len(name) for name in names.values()))
    found = pc.index_in(severities, value_set=pa.array(list(names), text))
    shown = pc.if_else(pc.is_null(found), severities,
                       pc.take(pa.array(list(names.values()), text), found))
    return pc.utf8_rpad(shown, width)


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

    row = pa.array(findings["row"].astype("Int64").array).cast(text)
    rows = filled(_("row {row}"), row=row)
    columns = wrap("'", column("column"), "'")
    both = pc.and_(pc.is_valid(rows), pc.is_valid(columns))
    place = pc.binary_join_element_wise(
        pc.fill_null(rows, literal("")), pc.if_else(both, literal(", "), literal("")),
        pc.fill_null(columns, literal("")), literal(""))
    place = pc.if_else(pc.equal(place, literal("")), literal(pgettext("finding place", "file")),
                       place)
    fix = pc.fill_null(filled(_(" → fix: '{fix}'"), fix=column("fix")), literal(""))
    lines = filled(_("  {severity} {place}: {message} [{rule}]{fix}"),
                   severity=severity_names(column("severity")), place=place,
                   message=column("message"), rule=column("rule"), fix=fix)
    return lines.to_pylist()

