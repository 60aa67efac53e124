"""What the options name, loaded for the engine: the definitions, the input file as a
Table, the check options.

Every failure here becomes a `PreflightError`, which `main` prints as one line with
exit status 2: a person running the command sees why, never a traceback."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from checks.definitions.credentials import (
    API_KEY_ENV,
    API_KEY_HEADER_ENV,
    DEFAULT_API_KEY_HEADER,
    environment_headers,
)
from checks.definitions.document import Definitions, demo_definitions, load_definitions
from checks.definitions.remote import RemoteSource, is_url, load_remote_definitions
from checks.i18n import _
from checks.model.errors import UnreadableFileError
from checks.model.limits import MAX_UPLOAD_MB
from checks.model.separators import SEPARATOR_OPTION_NAMES
from checks.model.separators import SEPARATORS as UPFLOW_SEPARATORS
from checks.model.table import Table
from checks.read import read_file

#: The --sep choices and the separator the reader is given (None: detect it): Upflow's
#: separators as themselves, tab by its name.
SEPARATORS: dict[str, str | None] = {"auto": None, **{sep: sep for sep in UPFLOW_SEPARATORS},
                                     **SEPARATOR_OPTION_NAMES}


def definitions_from(args: argparse.Namespace) -> Definitions:
    """The organization the file is checked against: without --definitions, the
    bundled demo, so that `preflight check FILE` works out of the box."""
    if not args.definitions:
        return demo_definitions()
    if is_url(args.definitions):
        return load_remote_definitions(remote_source(args.definitions, os.environ))
    return load_definitions(args.definitions)


def remote_source(url: str, environ: Mapping[str, str]) -> RemoteSource:
    """The request for a --definitions URL, its secrets read from the environment,
    never from an option: options are visible to every user of the machine in the
    process list. The API key variable pair and the PREFLIGHT_DEFINITIONS_HEADER_*
    variables (`checks.definitions.credentials`) both apply; a badly formed variable
    is a RemoteDefinitionsError, so one line and exit status 2."""
    api_key = environ.get(API_KEY_ENV) or None
    header = environ.get(API_KEY_HEADER_ENV) or DEFAULT_API_KEY_HEADER
    return RemoteSource(url, api_key_header=header, api_key=api_key,
                        secret_headers=environment_headers(environ))


def read_input(path_text: str, *, sheet: str | None = None, separator: str | None = None,
               max_size_mb: float = MAX_UPLOAD_MB, header_row: int | None = None,
               custom_fields: Iterable[str] = ()) -> Table:
    """The file as a Table (its header on `header_row`, else detected with the custom
    fields' names); a file that cannot be opened (missing, a folder, no permission) is
    an UnreadableFileError naming the operating system's reason."""
    try:
        return read_file(Path(path_text), sheet=sheet, separator=separator,
                         max_size_mb=max_size_mb, header_row=header_row,
                         custom_fields=custom_fields)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableFileError(_("cannot open '{file}': {reason}").format(
            file=path_text, reason=reason)) from exc


def refuse_unreadable(path: str, table: Table) -> None:
    """UnreadableFileError with the reader's reason when the file could not be read:
    the reader returns such a table rather than raising, so that `check --format json`
    can still report it."""
    reason = table.unreadable_reason
    if reason is not None:
        raise UnreadableFileError(_("cannot read '{file}': {reason}").format(
            file=path, reason=reason))


def field_names(definitions: Definitions) -> tuple[str, ...]:
    """The custom fields' names, which header detection counts as Upflow columns."""
    return tuple(field.name for field in definitions.custom_fields)

