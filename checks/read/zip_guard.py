"""The ZIP bomb guard of every ZIP-based workbook (XLSX, ODS): the ZIP directory is
checked against the limits of checks/model/limits.py before anything is decompressed.

Nothing needs to be decompressed to decide: the sizes the directory declares bound all
the work that follows, because Python's zipfile never returns more bytes of an entry
than its declared size (an entry whose data would expand further fails its CRC check
and reads as a damaged file).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from checks.i18n import N_, _, number
from checks.model.limits import (
    MAX_XLSX_EXPANDED_MB,
    MAX_XLSX_RATIO,
    MEGABYTE,
    RATIO_CHECKED_FROM_MB,
    megabytes,
)
from checks.read.common import NotReadable

IF_TRUSTED = N_("If you trust where it comes from, open it in Excel and save it again as "
                "XLSX or CSV UTF-8.")


def refuse_expansion(entries: Sequence[zipfile.ZipInfo]) -> None:
    """NotReadable when the parts declare more than MAX_XLSX_EXPANDED_MB in all, or a
    large part expands more than MAX_XLSX_RATIO times its stored size."""
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_XLSX_EXPANDED_MB * MEGABYTE:
        raise NotReadable(_(
            "This workbook would expand to {size} when opened, more than the {limit} "
            "Preflight opens. Split the data into smaller workbooks, or save it as CSV UTF-8, "
            "and check each file.").format(
                size=megabytes(expanded),
                limit=_("{size} MB").format(size=number(MAX_XLSX_EXPANDED_MB))))
    for entry in entries:
        large = entry.file_size > RATIO_CHECKED_FROM_MB * MEGABYTE
        if large and entry.file_size > MAX_XLSX_RATIO * max(entry.compress_size, 1):
            raise NotReadable(_(
                "This workbook is built to expand enormously when opened (part of it would "
                "grow {ratio} times its stored size, far beyond any real spreadsheet), so "
                "Preflight does not open it.").format(
                    ratio=number(entry.file_size // max(entry.compress_size, 1)))
                + " " + _(IF_TRUSTED))
