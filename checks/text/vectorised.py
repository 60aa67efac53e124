"""Vectorised text helpers shared by the checks and the fixes.

Cells are text (pandas' string dtype). Anything costly is computed once per
*distinct* value with `per_unique`, which is what makes columns with few distinct
values (options, workflows, members) cheap however long the file is.

The helpers every rule calls on every column (`clean_spaces`, `blank`, the distinct
values of `per_unique`) are remembered per column within a check (`checks.check.memo`), and
they first look at the column's UTF-8 bytes with numpy to find the few cells the
text operation can change at all: on a million cells a byte scan takes milliseconds
where a regular expression over every cell takes a good fraction of a second. The
operation itself then runs on those cells only, so the result is the operation's own,
cell for cell.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.extensions import ExtensionArray
from pandas.arrays import ArrowStringArray

from checks.check.memo import array_data, arrow_data, remember

#: Characters that are invisible or nearly so and that Upflow does not strip.
_ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200b\ufeff"
_ODD_SPACE_PATTERN = f"[{_ODD_SPACES}\\r\\n\\t]"


def as_text(values: pd.Series) -> pd.Series:
    """The column as pandas' string dtype with empty strings for missing cells: the
    column itself when it is that already, without a missing cell (its Arrow array
    says so at no cost), so what is remembered of it is found again."""
    if values.dtype != "str":
        return values.astype("str").fillna("")
    array = arrow_data(values)
    return values if array is not None and array.null_count == 0 else values.fillna("")


def has_missing(values: pd.Series | ExtensionArray) -> bool:
    """Whether a cell of a column (or of its array) is missing (NaN). An Arrow column
    counts its nulls already, where pandas' `hasnans` builds a mask of every cell
    (three times per column, once)."""
    array = values.array if isinstance(values, pd.Series) else values
    data = array_data(array)
    return data.null_count > 0 if data is not None else bool(array.isna().any())


def per_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply `func` to each distinct value once and spread the results back."""
    if len(values) <= 1:  # an edit's one cell: nothing to share, nor to count
        return func(values).set_axis(values.index)
    codes, uniques = distinct(values)
    if len(uniques) == len(values):
        return func(values).set_axis(values.index)
    results = func(uniques).reset_index(drop=True)
    spread = results.take(codes.clip(min=0)).reset_index(drop=True)
    return spread.set_axis(values.index)


def distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code of each cell, -1 for a missing one; the distinct values as a Series of
    the column's dtype), remembered per column: the same uniques object comes back,
    so what rules derive from it is remembered too."""

    def factorize() -> tuple[np.ndarray, pd.Series]:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return codes, pd.Series(uniques, dtype=values.dtype)

    return remember("distinct", values, factorize)


def clean_spaces(values: pd.Series) -> pd.Series:
    """Trim surrounding whitespace and turn inner non-breaking spaces and line breaks
    into plain spaces: the value a person meant to type."""
    return remember("clean_spaces", values, lambda: changed_cells_only(
        values, _clean_spaces, _may_need_cleaning))


def _clean_spaces(values: pd.Series) -> pd.Series:
    return values.str.replace(_ODD_SPACE_PATTERN, " ", regex=True).str.strip(" ")


def _may_need_cleaning(chunk: pa.Array) -> np.ndarray:
    """Per value, whether `clean_spaces` may change it: it holds one of the characters
    it replaces (their UTF-8 bytes are matched exactly), or a space at either end."""
    bounds, data = offsets_and_bytes(chunk)
    flagged = np.zeros(len(chunk), dtype=bool)
    # Two comparisons find every candidate position fast: the control characters
    # (tab, line feed, carriage return are below 0x0E) and the lead bytes of
    # multi-byte characters; then only those positions are looked at closely.
    hits = np.flatnonzero((data < 0x0E) | (data >= 0xC2))
    if hits.size:
        odd = _odd_space_at(data, hits)
        if odd.any():
            flagged[np.searchsorted(bounds, hits[odd] + bounds[0], side="right") - 1] = True
    first, last, length = _ends(bounds, data)
    return flagged | ((length > 0) & ((first == 0x20) | (last == 0x20)))


def _odd_space_at(data: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Whether the character starting at each position `at` is one `clean_spaces`
    replaces: tab, LF, CR, U+00A0 (C2 A0), U+2007/U+2009/U+200B/U+202F (E2 80 87/89/
    8B/AF) or U+FEFF (EF BB BF)."""

    def byte(offset: int) -> np.ndarray:
        where = at + offset
        out = np.zeros(len(at), dtype=np.int16)
        inside = where < len(data)
        out[inside] = data[where[inside]]
        return out

    lead, second, third = data[at], byte(1), byte(2)
    control = (lead == 0x09) | (lead == 0x0A) | (lead == 0x0D)
    nbsp = (lead == 0xC2) & (second == 0xA0)
    spaces = ((lead == 0xE2) & (second == 0x80)
              & ((third == 0x87) | (third == 0x89) | (third == 0x8B) | (third == 0xAF)))
    bom = (lead == 0xEF) & (second == 0xBB) & (third == 0xBF)
    return control | nbsp | spaces | bom


def blank(values: pd.Series) -> pd.Series:
    """Whether each cell is empty or only spaces (any Unicode whitespace); a missing
    cell is not blank (it is missing)."""
    return remember("blank", values, lambda: _blank(values))


def _blank(values: pd.Series) -> pd.Series:
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        return values.str.strip().eq("")
    parts = []
    for chunk in array.chunks:
        bounds, data = offsets_and_bytes(chunk)
        first, _last, length = _ends(bounds, data)
        valid = _valid(chunk)
        empty = valid & (length == 0)
        # Whitespace is ASCII up to 0x20 or non-ASCII: a cell starting with any
        # other byte cannot be blank; only the others are stripped to find out.
        maybe = valid & (length > 0) & ((first <= 0x20) | (first >= 0x80))
        if maybe.any():
            rows = np.flatnonzero(maybe)
            stripped = pc.utf8_trim_whitespace(chunk.take(pa.array(rows)))
            empty[rows] = np.asarray(pc.equal(stripped, "").to_numpy(zero_copy_only=False),
                                     dtype=bool)
        parts.append(empty)
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return pd.Series(out, index=values.index, name=values.name)


def changed_cells_only(values: pd.Series, operation: Callable[[pd.Series], pd.Series],
                       may_change: Callable[[pa.Array], np.ndarray]) -> pd.Series:
    """`operation(values)`, run only on the cells `may_change` flags (a superset of
    the cells it changes), all at once; every other cell is the input's, and a chunk
    of the column without a flagged cell is shared, not copied."""
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        return operation(values)
    flags = [may_change(chunk) for chunk in array.chunks]
    counts = [int(np.count_nonzero(flagged)) for flagged in flags]
    if not any(counts):
        return values.copy(deep=False)
    subset = pa.chunked_array([chunk.filter(pa.array(flagged))
                               for chunk, flagged, count in zip(array.chunks, flags, counts,
                                                                strict=True) if count],
                              type=array.type)
    done = arrow_data(operation(pd.Series(ArrowStringArray(subset, dtype=values.dtype))))
    done = done.combine_chunks().cast(array.type)
    chunks, start = [], 0
    for chunk, flagged, count in zip(array.chunks, flags, counts, strict=True):
        if count:
            chunk = pc.replace_with_mask(chunk, pa.array(flagged), done.slice(start, count))
            start += count
        chunks.append(chunk)
    result = ArrowStringArray(pa.chunked_array(chunks, type=array.type), dtype=values.dtype)
    return pd.Series(result, index=values.index, name=values.name)


# ── whole columns from few values ─────────────────────────────────────────────


def spread_texts(size: int, mask: np.ndarray, texts: Iterable[str] | np.ndarray,
                 index: pd.Index) -> pd.Series:
    """A "str" column of `size` cells: `texts` in order where `mask` is set, "" in
    every other cell. Built in Arrow: a million empty cells cost one buffer of
    offsets, not a million Python strings to convert."""
    offsets = pa.py_buffer(np.zeros(size + 1, dtype=np.int64))
    empty = pa.LargeStringArray.from_buffers(size, offsets, pa.py_buffer(b""))
    if mask.any():
        empty = pc.replace_with_mask(empty, pa.array(mask),
                                     pa.array(np.asarray(texts, dtype=object), pa.large_string()))
    return pd.Series(ArrowStringArray(pa.chunked_array([empty]), dtype=_TEXT_DTYPE),
                     index=index)


_TEXT_DTYPE = pd.Series([], dtype="str").dtype


def starts_with_any(values: pd.Series, characters: str) -> np.ndarray:
    """Per cell, whether it starts with one of the ASCII `characters` (a missing cell
    does not): its first byte is compared, so nothing is copied."""
    if not characters.isascii():
        raise ValueError("starts_with_any compares bytes: ASCII characters only")
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        return values.str.startswith(tuple(characters)).to_numpy(dtype=bool, na_value=False)
    wanted = np.zeros(256, dtype=bool)
    wanted[list(characters.encode())] = True
    parts = []
    for chunk in array.chunks:
        first, _last, length = _ends(*offsets_and_bytes(chunk))
        parts.append(wanted[first] & (length > 0) & _valid(chunk))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def contains_any(values: pd.Series, characters: str) -> np.ndarray:
    """Per cell, whether it contains one of the ASCII `characters` (a byte scan)."""
    if not characters.isascii():
        raise ValueError("contains_any compares bytes: ASCII characters only")
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        found = np.zeros(len(values), dtype=bool)
        for character in characters:
            found |= values.str.contains(character, regex=False).to_numpy(
                dtype=bool, na_value=False)
        return found
    wanted = np.zeros(256, dtype=bool)
    wanted[list(characters.encode())] = True
    parts = [rows_with_bytes(*offsets_and_bytes(chunk), wanted) for chunk in array.chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def only_characters(values: pd.Series, characters: str,
                    where: np.ndarray | None = None) -> np.ndarray:
    """Per cell, whether every character of it is one of the ASCII `characters` (an
    empty cell is; a missing one is not), by a byte scan: no other byte. Exactly
    `fullmatch("[...]*")` of those characters. With `where`, only those cells are
    looked at (False elsewhere)."""
    if not characters.isascii():
        raise ValueError("only_characters compares bytes: ASCII characters only")
    if where is not None and 2 * np.count_nonzero(where) < len(where):  # else: scan all
        out = np.zeros(len(values), dtype=bool)
        if where.any():
            rows = np.flatnonzero(where)
            out[rows] = only_characters(take_rows(values, rows), characters)
        return out
    if where is not None:
        return only_characters(values, characters) & where
    array = arrow_data(values)
    if array is None or not pa.types.is_large_string(array.type):
        pattern = f"[{re.escape(characters)}]*"
        return values.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)
    other = np.ones(256, dtype=bool)
    other[list(characters.encode())] = False
    parts = [~rows_with_bytes(*offsets_and_bytes(chunk), other) & _valid(chunk)
             for chunk in array.chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def all_digits(values: pd.Series) -> np.ndarray:
    """Per cell, whether it is one or more ASCII digits (`fullmatch("[0-9]+")`)."""
    lengths = values.str.len().to_numpy(dtype=np.int64, na_value=0)
    return only_characters(values, "0123456789") & (lengths > 0)


def take_rows(values: pd.Series, positions: np.ndarray | pd.Series) -> pd.Series:
    """`values.iloc[positions]` (positions ascending, or a boolean mask), taken chunk by
    chunk from an Arrow-backed column: Arrow's take on a chunked array first joins the
    chunks into one, a copy of the whole column for a few rows."""
    positions = np.asarray(positions)
    if positions.dtype == bool:
        positions = np.flatnonzero(positions)
    taken = take_texts(values, positions)
    if taken is None:
        return values.iloc[positions]
    return pd.Series(taken, index=values.index[positions], name=values.name)


def take_texts(values: pd.Series, positions: np.ndarray) -> ArrowStringArray | None:
    """The cells at `positions` (ascending) of an Arrow-backed text column of several
    chunks, taken chunk by chunk, as an array; None for any other column (or order),
    which `iloc` takes as well."""
    array = arrow_data(values)
    if (array is None or array.num_chunks <= 1 or len(positions) == 0
            or np.any(np.diff(positions) < 0)):
        return None
    if len(positions) <= _FEW_CELLS:
        pieces = _cells_sliced(array, positions)
    else:
        bounds = np.cumsum([0, *(len(chunk) for chunk in array.chunks)])
        which = np.searchsorted(bounds, positions, side="right") - 1
        cuts = np.flatnonzero(np.diff(which)) + 1
        pieces = [array.chunk(int(which[group[0]])).take(
                      pa.array(positions[group] - bounds[which[group[0]]]))
                  for group in np.split(np.arange(len(positions)), cuts)]
    # One chunk: a few cells taken from a column of many pieces must not hand every
    # later operation one piece per cell.
    return ArrowStringArray(pa.chunked_array([pa.concat_arrays(pieces)], type=array.type),
                            dtype=values.dtype)


#: Up to this many cells, `take_texts` slices each one (an edit's line, a customer's
#: lines): numpy's set-up for a handful of positions costs more than the slices.
_FEW_CELLS = 16


def _cells_sliced(array: pa.ChunkedArray, positions: np.ndarray) -> list[pa.Array]:
    """The cells at `positions` (ascending) as zero-copy one-cell slices of their chunks."""
    ends = list(accumulate(len(chunk) for chunk in array.chunks))
    pieces = []
    for at in positions.tolist():
        which = bisect_right(ends, at)
        pieces.append(array.chunk(which).slice(at - (ends[which - 1] if which else 0), 1))
    return pieces


# ── the bytes behind a text column ────────────────────────────────────────────


def offsets_and_bytes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A large-string array's value offsets (one per value, plus the end) and the
    bytes they point into, from its first value's start to its last one's end; both
    views on Arrow's buffers, not copies."""
    _validity, offsets, data = array.buffers()[:3]
    bounds = np.frombuffer(offsets, dtype=np.int64, count=array.offset + len(array) + 1)
    bounds = bounds[array.offset:]
    if data is None or bounds[-1] == bounds[0]:
        return bounds, np.zeros(0, dtype=np.uint8)
    text = np.frombuffer(data, dtype=np.uint8, count=int(bounds[-1]) - int(bounds[0]),
                         offset=int(bounds[0]))
    return bounds, text


def rows_with_bytes(bounds: np.ndarray, data: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Per value, whether any of its bytes is marked in `table` (256 bools).

    Looking up every byte is one pass of numpy; few hits are mapped back to their
    values by the offsets, many are folded per value with `reduceat`. An ASCII byte
    never occurs inside a multi-byte UTF-8 character, so an ASCII byte match is a
    character match."""
    return any_per_row(bounds, table[data])


def any_per_row(bounds: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Per value, whether any of its bytes is flagged (`flags`: one bool per byte of
    the values' data, from the first value's start)."""
    rows = np.zeros(len(bounds) - 1, dtype=bool)
    hits = np.flatnonzero(flags)
    if hits.size == 0:
        return rows
    if hits.size < len(rows):
        rows[np.searchsorted(bounds, hits + bounds[0], side="right") - 1] = True
        return rows
    filled = np.diff(bounds) > 0
    rows[filled] = np.logical_or.reduceat(flags, bounds[:-1][filled] - bounds[0])
    return rows


def _ends(bounds: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value: its first and last byte (0 for an empty value) and its length."""
    length = np.diff(bounds)
    if data.size == 0:
        zeros = np.zeros(len(length), dtype=np.uint8)
        return zeros, zeros, length
    start = bounds[:-1] - bounds[0]
    filled = length > 0
    first = data[np.minimum(start, data.size - 1)]
    last = data[np.clip(start + length - 1, 0, data.size - 1)]
    if not filled.all():
        first = np.where(filled, first, 0).astype(np.uint8)
        last = np.where(filled, last, 0).astype(np.uint8)
    return first, last, length


def _valid(chunk: pa.Array) -> np.ndarray:
    if chunk.null_count == 0:
        return np.ones(len(chunk), dtype=bool)
    return np.asarray(chunk.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def key_of(text: str) -> str:
    """The comparison key of RULES.md: case-folded (ß = ss), accents removed, only
    letters and digits kept (`\\w` is `str.isalnum` and the underscore: a regular
    expression keeps them in C, where a test per character cost a 16,384-column
    header a tenth of a second)."""
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKD", text.casefold()))


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
