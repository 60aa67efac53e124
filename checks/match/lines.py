"""Back from distinct values to the lines of each file: where each value is, and every
line that will not match.

People fix a file line by line, so the classification of distinct values is spread
back over the spreadsheet rows it came from, with integer indexing rather than a
merge per value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.match.advice import line_advice
from checks.match.classes import CLASS_INDEX, MatchClass, class_names
from checks.match.result import LINE_COLUMNS
from checks.match.sides import Side

#: Row lists longer than this end with "…": the lines frame has every row.
MAX_ROWS_SHOWN = 20


def rows_text(codes: np.ndarray, rows: np.ndarray, size: int) -> pd.Series:
    """Per code in `range(size)`, the `rows` of the lines with that code as a person
    reads them: "7", "2, 3, 4", the first `MAX_ROWS_SHOWN` then "…" ("" when none).

    The one writer of row lists, so the engine's frames and the page's extra rows read
    alike. Codes on one line (nearly all) are written without grouping; only duplicates
    go through a join, of their first `MAX_ROWS_SHOWN` rows.
    """
    rows = rows.astype(str)
    counts = np.bincount(codes, minlength=size)
    text = np.full(size, "", dtype=object)
    single = counts[codes] == 1
    text[codes[single]] = rows[single]
    several = pd.DataFrame({"code": codes[~single], "row": rows[~single]})
    several = several[several.groupby("code").cumcount().lt(MAX_ROWS_SHOWN).to_numpy()]
    joined = several.groupby("code")["row"].agg(", ".join)
    more = np.where(counts[joined.index] > MAX_ROWS_SHOWN, ", …", "")
    text[joined.index.to_numpy("int64")] = (joined.to_numpy(object) + more).astype(object)
    return pd.Series(text, dtype="str")


def value_rows(side: Side, size: int) -> pd.Series:
    """Per value (row of `values`, `size` of them), the rows it is on in `side`."""
    filled = side.codes >= 0
    return rows_text(side.codes[filled], side.rows[filled], size)


def side_lines(values: pd.DataFrame, classes: np.ndarray, side: Side,
               other: Side) -> pd.DataFrame:
    """Every line of `side` that will not match, in row order, with what to do."""
    line_classes = _pick(classes, side.codes, CLASS_INDEX[MatchClass.EMPTY])
    keep = line_classes != CLASS_INDEX[MatchClass.MATCHED]
    codes = side.codes[keep]
    lines = pd.DataFrame({
        "side": pd.Series(side.key, index=range(len(codes)), dtype="str"),
        "row": side.rows[keep],
        "value": pd.Series(side.values.to_numpy()[keep], dtype="str"),
        "class": class_names(line_classes[keep]),
    })
    for column, fill in (("left_count", 0), ("right_count", 0), ("counterpart", None),
                         ("difference", None)):
        picked = _pick(values[column].to_numpy(object), codes, fill)
        lines[column] = pd.Series(picked, dtype="int64" if fill == 0 else "str")
    lines["advice"] = line_advice(lines, side, other)
    return lines[list(LINE_COLUMNS)]


def _pick(array: np.ndarray, codes: np.ndarray, fill: object) -> np.ndarray:
    """`array[codes]`, with `fill` where the code is -1 (an empty line)."""
    return np.append(array, np.array([fill], dtype=array.dtype))[codes]
