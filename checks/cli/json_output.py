"""The JSON the commands print: exactly what `json.dump(..., ensure_ascii=False,
indent=2)` writes, so that any JSON reader (and a diff against the standard encoder)
sees nothing special, but with the findings and changes written column-wise: the
standard encoder, indented, is pure Python and takes seconds for 200,000 findings."""

from __future__ import annotations

import json
import re
from typing import TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.text.vectorised import offsets_and_bytes, rows_with_bytes


def record_dicts(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The frame as `json.dump` takes it, one dict per row: the plain form `Records`
    must reproduce, kept for callers that want Python objects rather than text."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [{k: (int(v) if k == "row" and v is not None else v) for k, v in record.items()}
            for record in clean.to_dict("records")]


class Records:
    """A frame to write as a JSON array with one object per row, exactly as
    `json.dump(record_dicts(frame), indent=2, ensure_ascii=False)` would, but built
    column by column: the standard encoder, indented, is pure Python and takes
    seconds for 200,000 findings. "row" is an integer (or null); every other column
    holds texts (or null).

    Written in batches of rows, each encoded and written before the next is built,
    so a check with 300,000 findings never holds its whole JSON text (issue 19): the
    memory it takes is one batch's, whatever the number of findings."""

    #: Rows encoded at a time: large enough that Arrow's per-call cost vanishes,
    #: small enough that one batch's text is a few megabytes.
    BATCH = 20_000

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def write(self, stdout: TextIO, indent: int, batch: int | None = None) -> None:
        """The array, its closing bracket at `indent` spaces (the line it is on), in
        batches of `batch` rows (default `BATCH`)."""
        frame = self.frame
        batch = self.BATCH if batch is None else batch
        if frame.empty:
            stdout.write("[]")
            return
        if batch < 1:
            raise ValueError("a batch holds at least one row")
        stdout.write("[\n")
        for start in range(0, len(frame), batch):
            chunk = frame.iloc[start:start + batch]
            last = start + batch >= len(frame)
            stdout.write(_records_text(chunk, indent, "" if last else ",\n"))
        stdout.write(f"\n{' ' * indent}]")


def _records_text(frame: pd.DataFrame, indent: int, after_last: str) -> str:
    """The JSON objects of `frame`'s rows, separated by ",\\n", then `after_last`: one
    Arrow string per record, joined through its value buffer (no Python string per
    record)."""
    text = pa.large_string()
    item, field = " " * (indent + 2), " " * (indent + 4)
    pieces: list[pa.Scalar | pa.Array] = []
    for position, name in enumerate(frame.columns):
        lead = f"{item}{{\n" if position == 0 else ",\n"
        pieces += [pa.scalar(f"{lead}{field}{json.dumps(name, ensure_ascii=False)}: ", text),
                   _json_values(frame[name], integer=name == "row")]
    pieces.append(pa.scalar(f"\n{item}}}", text))
    records = pc.binary_join_element_wise(*pieces, pa.scalar("", text))
    ends = np.full(len(records), ",\n", dtype=object)
    ends[-1] = after_last
    records = pc.binary_join_element_wise(records, pa.array(ends, text), pa.scalar("", text))
    return offsets_and_bytes(records)[1].tobytes().decode("utf-8")


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

