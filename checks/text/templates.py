"""Message templates filled over whole columns, for translated messages.

A message is a template in the current language (`_("' (did you mean '{fix}'?)")`): the
translator may move the fields, so a column of messages is built by splitting the
template around its fields and joining the pieces with whole columns, once per call,
never with a loop over rows.
"""

from __future__ import annotations

import string

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def template_parts(template: str) -> list[tuple[str, str | None]]:
    """A message template (translated: `_("' (did you mean '{fix}'?)")`) as its literal
    texts and named fields, in order: what the vectorised fillers join, so that the
    translator's word order is kept and nothing loops over rows."""
    return [(literal, field) for literal, field, _spec, _conversion
            in string.Formatter().parse(template)]


def fill_texts(template: str, **fields: pd.Series) -> pd.Series:
    """`template` filled per row from whole columns, by pandas concatenation: a missing
    value in a field leaves the row missing (NA), as `"a" + series` does."""
    result: pd.Series | str = ""
    for literal, field in template_parts(template):
        if literal:
            result = result + literal
        if field is not None:
            result = result + fields[field]
    if isinstance(result, str):  # a template without fields: the same text everywhere
        size = len(next(iter(fields.values()))) if fields else 0
        return pd.Series([result] * size, dtype="str")
    return result


def fill_arrow(template: str, **fields: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`template` filled per row from Arrow text arrays by Arrow's element-wise join:
    a null in a field makes the row null."""
    arrays = list(fields.values())
    kind = arrays[0].type if arrays else pa.large_string()
    pieces: list[pa.Array | pa.ChunkedArray | pa.Scalar] = []
    for literal, field in template_parts(template):
        if literal:
            pieces.append(pa.scalar(literal, kind))
        if field is not None:
            pieces.append(fields[field].cast(kind))
    if not any(isinstance(piece, pa.Array | pa.ChunkedArray) for piece in pieces):
        size = len(arrays[0]) if arrays else 0
        text = "".join(piece.as_py() for piece in pieces)  # type: ignore[union-attr]
        return pa.array([text] * size, kind)
    return pc.binary_join_element_wise(*pieces, pa.scalar("", kind))
