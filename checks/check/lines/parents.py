"""Groups and entities: Parent name and Parent ID go together, and name a real parent
other than the customer itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.spaces import TEXT, to_bool
from checks.check.implements import Implements
from checks.check.lines.base import (
    EMPTY,
    LineCheck,
    Scope,
    arrow,
    filled,
    lines_with,
    mask,
    take_lines,
)
from checks.check.memo import remember
from checks.definitions.document import Definitions
from checks.text.vectorised import as_text, clean_spaces, distinct, take_rows

#: The rules this module implements. parent_incomplete ranks second among the rules of
#: a cell (after required_missing): it points at the empty one of the two columns. The
#: other two relate a line to other customers and are reported besides.
IMPLEMENTS = (
    Implements("parent_incomplete", priority=20),
    Implements("parent_self"),
    Implements("parent_unknown"),
)


def parent_pair_checks() -> list[LineCheck]:
    """`parent_incomplete` on each of the two columns: the empty one of a half-filled
    pair."""

    def name_ok(frame: pd.DataFrame) -> pd.Series:
        return mask(filled(frame, "Parent name") | ~filled(frame, "Parent ID"), frame)

    def id_ok(frame: pd.DataFrame) -> pd.Series:
        return mask(filled(frame, "Parent ID") | ~filled(frame, "Parent name"), frame)

    pair = ("Parent name", "Parent ID")
    return [LineCheck("parent_incomplete", "Parent name", name_ok, depends=pair),
            LineCheck("parent_incomplete", "Parent ID", id_ok, depends=pair)]


def parent_id_checks(id_column: str | None, definitions: Definitions) -> list[LineCheck]:
    """`parent_self` and `parent_unknown` on Parent ID; without a customer ID column
    no line can be its own parent."""
    known = pa.array(sorted({customer.id for customer in definitions.customers}), TEXT)

    def not_self(frame: pd.DataFrame) -> pd.Series:
        ok = np.ones(len(frame), dtype=bool)
        if id_column is None:
            return mask(ok, frame)
        rows, parent = _given_parents(frame)
        if rows.size:
            ids = arrow(clean_spaces(as_text(take_rows(frame[id_column], rows))))
            ok[rows] = ~to_bool(pc.equal(parent, ids))
        return mask(ok, frame)

    def exists(frame: pd.DataFrame) -> pd.Series:
        """A Parent ID is a customer ID of the file or a known customer. The file's
        IDs are looked up in the (few) distinct Parent IDs, rather than a hash table
        of a million IDs being built for them."""
        found = np.ones(len(frame), dtype=bool)
        rows, parent = _given_parents(frame)
        if rows.size:
            wanted = pc.unique(parent)
            ids = known
            if id_column is not None:
                _codes, uniques = distinct(clean_spaces(frame[id_column]))
                file_ids = arrow(uniques)
                present = file_ids.filter(pc.is_in(file_ids, value_set=wanted))
                ids = pa.concat_arrays([known, *present.chunks])
            found[rows] = to_bool(pc.is_in(parent, value_set=ids))
        return mask(found, frame)

    reads = ("Parent ID",) if id_column is None else ("Parent ID", id_column)
    return [LineCheck("parent_self", "Parent ID", not_self, depends=reads),
            LineCheck("parent_unknown", "Parent ID", exists, depends=reads,
                      scope=_parents_scope(id_column))]


def _parents_scope(id_column: str | None) -> Scope:
    """`parent_unknown` after an edit: the edited lines, and the lines whose Parent ID
    is an edited line's customer ID before or after (its parent may have gone, or
    come); judging them needs the lines whose ID is one of their Parent IDs (the parents
    found in the file)."""

    def scope(before: pd.DataFrame, after: pd.DataFrame,
              changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if id_column is None:
            return changed, changed
        ids = pd.concat([_ids(take_lines(before, changed, [id_column]), id_column),
                         _ids(take_lines(after, changed, [id_column]), id_column)]).unique()
        rows, parent = _given_parents(before)
        referring = rows[to_bool(pc.is_in(parent, value_set=pa.array(ids, TEXT)))]
        lines = np.union1d(changed, referring)
        wanted = _ids(take_lines(after, lines, ["Parent ID"]), "Parent ID").unique()
        file_ids = clean_spaces(before[id_column])  # remembered: the whole column
        witnesses = lines_with(file_ids, list(wanted))
        return lines, np.union1d(lines, witnesses)

    return scope


def _ids(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column's IDs, spaces cleaned, without the empty ones."""
    ids = clean_spaces(as_text(frame[column]))
    return ids[ids != ""]


def _given_parents(frame: pd.DataFrame) -> tuple[np.ndarray, pa.ChunkedArray]:
    """The lines with a Parent ID (not empty once its spaces are cleaned) and those
    cleaned Parent IDs: most lines have none, so only the others are cleaned."""

    def compute() -> tuple[np.ndarray, pa.ChunkedArray]:
        raw = as_text(frame["Parent ID"])
        written = np.flatnonzero(raw.str.len().to_numpy(dtype=np.int64) > 0)
        parent = arrow(clean_spaces(take_rows(raw, written)))
        given = ~to_bool(pc.equal(parent, EMPTY))
        return written[given], parent.filter(pa.array(given))

    return remember("given_parents", frame["Parent ID"], compute)
