"""An import recipe: what a person decided about the shape of one kind of file.

A team imports the same billing-tool export every week. What they decide about it
once (the sheet, the header row, the separator, how dates read, what each column is
or that it is ignored, the fixes they switch off, how the corrected file is written)
is a `Recipe`, kept by the team's store and applied again when a file with the same
headers comes back. A recipe holds decisions and the file's headers (its column
names), never a cell below the header.

The file is recognised by its *header signature* (`header_signature`): a hash of its
headers as the automatic reading finds them, compared the tolerant way the mapping
compares names (`checks.map.headers.header_key`: case, spaces, accents and punctuation
ignored), so `Nom du client` and `NOM DU CLIENT ` are the same column. The order of
the headers counts: the engine knows a column by its position, and a recipe names a
repeated header by its column letter, which only means something in a fixed order.
Empty columns at the end of the header do not count (an export that sometimes ends
each line with one more separator keeps its signature).

Inside the engine a recipe knows its columns by position in `Recipe.headers`, like
everything else; the YAML file (`checks.recipe.document`) names them by header text,
or by column letter for a header that appears more than once (`column_ref`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from checks.check.cells.base import DateOrder
from checks.i18n import _
from checks.map.headers import IGNORE, header_key
from checks.model.errors import UsageError
from checks.read.common import column_letter

__all__ = ["IGNORE", "ExportChoices", "HeaderIndex", "Recipe", "column_ref",
           "header_signature"]

#: The length of a signature in hexadecimal digits (64 bits: no two kinds of file of
#: one organization will ever share one by chance).
SIGNATURE_DIGITS = 16

_BRACKETED_LETTER = re.compile(r"\[([A-Za-z]{1,3})\]")
_LETTER = re.compile(r"[A-Z]{1,3}")


def header_signature(headers: Sequence[str]) -> str:
    """The signature of a file's headers: tolerant of case, spaces, accents and
    punctuation in each header, not of their order; trailing empty headers ignored."""
    keys = [header_key(header) for header in headers]
    while keys and not keys[-1]:
        keys.pop()
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8"))
    return digest.hexdigest()[:SIGNATURE_DIGITS]


@dataclass(frozen=True)
class ExportChoices:
    """How the corrected file is written, as the recipe keeps it."""

    separator: str | None = None   # ; , | — None: the file's own (`default_separator`)
    line_ending: str = "\r\n"      # "\r\n" or "\n"
    bom: bool = False
    keep_headers: bool = False     # the file's own column names instead of Upflow's
    leave_out: frozenset[int] = frozenset()  # positions left out of the corrected file


@dataclass(frozen=True)
class Recipe:
    """One kind of file's decisions, for one organization (see the module's doc).

    `headers` are the file's headers as read with the recipe's own reading choices
    (`sheet`, `header_row`, `separator`; None: detected), and every position below is
    a position in them. `signature` is the one of the automatic reading, which is
    what an uploaded file is recognised by before any choice applies.
    """

    organization: str
    signature: str
    headers: tuple[str, ...]
    name: str = ""
    sheet: str | None = None
    header_row: int | None = None
    separator: str | None = None
    date_order: DateOrder = DateOrder.UNKNOWN
    columns: tuple[tuple[int, str], ...] = ()   # (position, target or IGNORE), sorted
    fixes_off: frozenset[str] = frozenset()
    export: ExportChoices = field(default_factory=ExportChoices)
    saved_at: datetime | None = None
    saved_by: str | None = None

    @property
    def overrides(self) -> dict[int, str]:
        """The column mapping: {position: target, or IGNORE to leave it out}."""
        return dict(self.columns)

    def choices(self) -> Recipe:
        """The recipe without its name and when and by whom it was saved: what decides
        whether a person's choices changed it."""
        return replace(self, name="", saved_at=None, saved_by=None)


class HeaderIndex:
    """A file's headers, to find a column by its header or its letter."""

    def __init__(self, headers: Sequence[str]) -> None:
        self.headers = tuple(headers)
        self._exact: dict[str, list[int]] = {}
        self._tolerant: dict[str, list[int]] = {}
        for position, header in enumerate(self.headers):
            self._exact.setdefault(header, []).append(position)
            key = header_key(header)
            if key:
                self._tolerant.setdefault(key, []).append(position)

    def position(self, ref: str) -> int:
        """The position `ref` names: `[C]` is always column C; otherwise a header, as
        written, then compared the tolerant way; then a column letter (`C`). A header
        that several columns share names none of them (UsageError, as for a column
        the file does not have)."""
        text = ref.strip()
        bracketed = _BRACKETED_LETTER.fullmatch(text)
        if bracketed:
            return self._letter(bracketed.group(1).upper())
        for found in (self._exact.get(ref), self._tolerant.get(header_key(ref))):
            if found and len(found) == 1:
                return found[0]
            if found:
                letters = ", ".join(column_letter(position) for position in found)
                raise UsageError(_("'{column}' is the header of several columns ({letters}): "
                                   "name the column by its letter").format(column=ref,
                                                                           letters=letters))
        if _LETTER.fullmatch(text):
            return self._letter(text)
        raise UsageError(_("the file has no column '{column}'").format(column=ref))

    def _letter(self, letters: str) -> int:
        position = 0
        for letter in letters:
            position = position * 26 + ord(letter) - ord("A") + 1
        if position > len(self.headers):
            raise UsageError(_("the file has no column {letter}").format(letter=letters))
        return position - 1


def column_ref(index: HeaderIndex, position: int) -> str:
    """How a recipe file names the column at `position`: its header when that names
    it alone, else its letter (`C`), else its letter in brackets (`[C]`, when a
    header is itself written like that letter)."""
    letter = column_letter(position)
    for candidate in (index.headers[position], letter):
        try:
            if candidate and index.position(candidate) == position:
                return candidate
        except UsageError:
            continue
    return f"[{letter}]"
