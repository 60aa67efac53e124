"""`preflight fix`: apply the safe fixes, write the corrected CSV (and, when asked, the
rejects and the error report), and say what changed and what still needs a person.

The corrected file is checked again before anything is written, so that what this
command reports as remaining is what Upflow would find in the file it wrote."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.validate import check_table
from checks.cli.check import batches, check_report, filled, text_chunks, text_parts, write_text
from checks.cli.exit_status import EXIT_ERRORS, EXIT_OK
from checks.cli.inputs import definitions_from, refuse_unreadable
from checks.cli.json_output import Records, dump_json
from checks.cli.outputs import refuse_overwriting_input, write_bytes, write_csv_file
from checks.cli.recipes import prepare, recipe_line, save_recipe
from checks.export.csv import ExportOptions, split_by_errors
from checks.export.preview import import_preview, preview_dict
from checks.fix.fixes import FIXES_BY_NAME, FixOutcome, changed_outcome, fixed_table
from checks.i18n import _, ngettext, pgettext
from checks.model.separators import EXPORT_SEPARATOR_FOR_TAB
from checks.model.separators import SEPARATORS as SEPARATORS_WRITTEN


def run_fix(args: argparse.Namespace, stdout: TextIO) -> int:
    """Exit status 1 while errors remain after the fixes, so that a script can stop
    before importing a file that Upflow would still refuse."""
    out = Path(args.out)
    refuse_overwriting_input(args.file, out, args.report, args.rejects, args.save_recipe)
    definitions = definitions_from(args)
    prepared = prepare(args, definitions, separator=args.input_sep)
    chosen_settings = prepared.settings
    chosen = [name for name in FIXES_BY_NAME if name not in chosen_settings.fixes_off]
    result = check_table(prepared.table, definitions, chosen_settings.options,
                         chosen_settings.override_map or None)
    refuse_unreadable(args.file, result.table)
    save_recipe(args, prepared, definitions)
    recipe = prepared.recipe
    # `apply_fixes` in two steps, letting go of the first check (its findings, the
    # original text of the fixed columns, which the file as read holds too) before
    # the corrected table is checked.
    table, changes = fixed_table(result, chosen)
    settings = result.settings
    del result, prepared
    outcome = changed_outcome(table, changes, settings)
    options = chosen_settings.export
    written = _write_outputs(args, outcome, options)
    if args.format == "json":
        report = {"file": args.file, "out": args.out,
                  "changes": Records(outcome.changes), "written": written,
                  "preview": preview_dict(import_preview(outcome.result)),
                  "remaining": check_report(args.file, outcome.result, records=Records,
                                            preview=False)}
        dump_json(report, stdout)
    else:
        stdout.write(recipe_line(recipe))
        write_text(fix_text_parts(args, outcome, written, options), stdout)
    return EXIT_OK if outcome.result.ready else EXIT_ERRORS


def _write_outputs(args: argparse.Namespace, outcome: FixOutcome,
                   options: ExportOptions) -> dict[str, int]:
    """The lines written to each CSV ("out", and "rejects" when asked for), which the
    text and JSON report, so that a person can tell where every line went."""
    written: dict[str, int] = {}
    table = outcome.table
    if args.rejects:
        table, rejected = split_by_errors(outcome.table, outcome.result.findings)
        write_csv_file(args.rejects, rejected, outcome.result.mapping, options)
        written["rejects"] = rejected.rows
    write_csv_file(args.out, table, outcome.result.mapping, options)
    written["out"] = table.rows
    if args.report:
        from checks.export.report import error_report  # loads openpyxl: only when asked for

        write_bytes(args.report, error_report(outcome.result, outcome.changes))
    return written


def change_lines(changes: pd.DataFrame) -> list[str]:
    """One line per change: "  row 2, 'Email': 'A@x.fr' → 'a@x.fr' [email_uppercase]",
    built column-wise. A part that is missing is left out (no row: the place is the
    column alone) or empty (''), never printed as "None" or "<NA>"."""
    if changes.empty:
        return []
    text = pa.large_string()
    empty = pa.scalar("", text)

    def column(name: str) -> pa.Array:
        objects = changes[name].astype(object).to_numpy(dtype=object)
        return pa.array(objects, text, from_pandas=True)

    rows = filled(_("row {row}"), row=pa.array(changes["row"].astype("Int64").array).cast(text))
    columns = filled("'{column}'", column=column("column"))
    between = pc.if_else(pc.and_(pc.is_valid(rows), pc.is_valid(columns)),
                         pa.scalar(", ", text), empty)
    place = pc.binary_join_element_wise(pc.fill_null(rows, empty), between,
                                        pc.fill_null(columns, empty), empty)
    place = pc.if_else(pc.equal(place, empty), pa.scalar(pgettext("finding place", "file"), text),
                       place)
    return filled(_("  {place}: '{before}' → '{after}' [{rule}]"), place=place,
                  before=pc.fill_null(column("before"), empty),
                  after=pc.fill_null(column("after"), empty),
                  rule=pc.fill_null(column("rule"), empty)).to_pylist()


def format_fix_text(args: argparse.Namespace, outcome: FixOutcome,
                    written: dict[str, int], options: ExportOptions) -> str:
    """Each change, then the remaining findings as `check` lists them, then where the
    files went: a person can verify every change before importing."""
    return "".join(text_chunks(fix_text_parts(args, outcome, written, options)))


def fix_text_parts(args: argparse.Namespace, outcome: FixOutcome,
                   written: dict[str, int], options: ExportOptions) -> Iterator[list[str]]:
    """`format_fix_text`'s lines, a batch at a time (`checks.cli.check.write_text`)."""
    # English writes these counts as they are ("fixed 1 cells"); the plural forms let
    # French agree with the count.
    changes = outcome.changes
    yield [ngettext("{file}: fixed {count} cells", "{file}: fixed {count} cells",
                    len(changes)).format(file=args.file, count=len(changes))]
    yield from batches(changes, change_lines)
    remaining = outcome.result.findings
    yield [ngettext("Still needs a person: {count} findings",
                    "Still needs a person: {count} findings",
                    len(remaining)).format(count=len(remaining))]
    body = text_parts(args.file, outcome.result)
    yield next(body)[1:]  # the file's line: said once, above
    yield from body
    lines = [ngettext("Wrote {count} lines to {file}", "Wrote {count} lines to {file}",
                      written["out"]).format(count=written["out"], file=args.out)]
    if options.separator is None and outcome.table.separator not in (None, *SEPARATORS_WRITTEN):
        lines.append(_("The corrected file uses '{separator}' because the input was "
                       "tab-separated (Upflow reads ; , or |; --sep chooses another)").format(
            separator=EXPORT_SEPARATOR_FOR_TAB))
    if "rejects" in written:
        lines.append(ngettext("Wrote {count} lines with errors to {file}",
                              "Wrote {count} lines with errors to {file}",
                              written["rejects"]).format(count=written["rejects"],
                                                         file=args.rejects))
    formulas = outcome.result.count("formula_like")
    if formulas:
        lines.append(ngettext("Put an apostrophe before the {count} formula-like cells",
                              "Put an apostrophe before the {count} formula-like cells",
                              formulas).format(count=formulas)
                     if options.neutralise_formulas else
                     ngettext("Kept the {count} formula-like cells as written (Upflow imports "
                              "them as text; a spreadsheet would run them; "
                              "--neutralise-formulas puts an apostrophe before them)",
                              "Kept the {count} formula-like cells as written (Upflow imports "
                              "them as text; a spreadsheet would run them; "
                              "--neutralise-formulas puts an apostrophe before them)",
                              formulas).format(count=formulas))
    if args.report:
        lines.append(_("Wrote the error report to {file}").format(file=args.report))
    yield lines

