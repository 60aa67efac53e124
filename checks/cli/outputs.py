"""Writing the files `fix` and `template` produce.

A path that cannot be written is a UsageError (one line, exit status 2), and no
output may replace the input: the original file always stays untouched."""

from __future__ import annotations

from pathlib import Path

from checks.export.csv import ExportOptions, check_export_options, export_headers, write_csv
from checks.i18n import _
from checks.map.headers import ColumnMapping
from checks.model.errors import UsageError
from checks.model.table import Table


def refuse_overwriting_input(file: str, *outputs: str | Path | None) -> None:
    """UsageError when an output path is the input file, checked before anything is
    read or written."""
    source = Path(file).resolve()
    for output in outputs:
        if output is not None and Path(output).resolve() == source:
            raise UsageError(_("'{file}' is the input file: write the result elsewhere so "
                               "the original stays untouched").format(file=output))


def write_csv_file(path: str, table: Table, mapping: ColumnMapping,
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
        raise UsageError(_("cannot write '{file}': {reason}").format(
            file=path, reason=reason)) from exc


def write_bytes(path: str, data: bytes) -> None:
    """`data` at `path`, an operating system error becoming one line."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(_("cannot write '{file}': {reason}").format(
            file=path, reason=reason)) from exc
