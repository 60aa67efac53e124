"""Contacts of one customer: the same email twice, or several main contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.contacts import MAIN_CONTACT_YES
from checks.check.cells.spaces import to_bool
from checks.check.implements import Implements
from checks.check.lines.base import (
    EMPTY,
    LineCheck,
    arrow,
    customer_group,
    customer_keys,
    mask,
    quoted_ids,
    repeated_keys,
    same_group,
)
from checks.text.vectorised import as_text, clean_spaces, per_unique, take_rows

#: The rules this module implements: relations between lines, reported besides any
#: problem of the value itself (a "yes" marker is main_contact_format and, with another
#: marker of its customer, main_contact_multiple), so they have no priority.
IMPLEMENTS = (
    Implements("duplicate_contact"),
    Implements("main_contact_multiple"),
)


def duplicate_contact_check(key_column: str) -> LineCheck:
    """A contact email repeated for the same customer, after its first line. Only
    lines whose customer is on several lines can repeat one, so only their emails are
    cleaned and compared."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        codes, repeated = repeated_keys(customer_keys(frame, key_column))
        ok = np.ones(len(frame), dtype=bool)
        rows = np.flatnonzero(repeated)
        if rows.size:
            emails = clean_spaces(as_text(take_rows(frame["Contact email address"], rows)))
            lowered = pc.utf8_lower(arrow(emails))
            ok[rows] = ~repeated_after_first(codes[rows], lowered) | to_bool(
                pc.equal(lowered, EMPTY))
        return mask(ok, frame)
    return LineCheck("duplicate_contact", "Contact email address", passes,
                     depends=(key_column, "Contact email address"),
                     scope=same_group(customer_group(key_column), (key_column,)))


def repeated_after_first(customers: np.ndarray, emails: pa.ChunkedArray) -> np.ndarray:
    """Per line, whether an earlier line has the same customer and email.

    Sorted rather than hashed: a stable sort by (customer, email) puts each pair's
    lines together in file order, so every line equal to the one before it repeats
    an earlier one. Half a million distinct emails hashed cost 80 MB of hash table;
    the sort needs only its order and one sorted copy."""
    size = len(customers)
    order = pc.sort_indices(pa.table({"customer": customers, "email": emails}),
                            sort_keys=[("customer", "ascending"), ("email", "ascending")])
    at = order.to_numpy()
    by_customer = customers[at]
    by_email = emails.take(order).combine_chunks()
    same = np.zeros(size, dtype=bool)
    if size > 1:
        same[1:] = (by_customer[1:] == by_customer[:-1]) & to_bool(
            pc.equal(by_email.slice(1), by_email.slice(0, size - 1)))
    repeated = np.empty(size, dtype=bool)
    repeated[at] = same
    return repeated


def main_contact_check(key_column: str) -> LineCheck:
    """`main_contact_multiple` on every marked line of a customer marked more than
    once; a fixable marker ("yes") counts, since the fix would make it one."""

    def passes(frame: pd.DataFrame) -> pd.Series:
        marked = per_unique(as_text(frame["Main contact"]), _marks_main).to_numpy(dtype=bool)
        codes, repeated = repeated_keys(customer_keys(frame, key_column))
        ok = np.ones(len(frame), dtype=bool)
        several = marked & repeated
        if several.any():
            counts = np.bincount(codes[several])
            ok[several] = counts[codes[several]] <= 1
        return mask(ok, frame)
    return LineCheck("main_contact_multiple", "Main contact", passes, quoted_ids(key_column),
                     (key_column,), depends=(key_column, "Main contact"),
                     scope=same_group(customer_group(key_column), (key_column,)))


def _marks_main(uniques: pd.Series) -> pd.Series:
    """Whether each distinct Main contact value, space-cleaned and lowercased, is a
    yes-like marker."""
    marks = clean_spaces(uniques).str.lower().isin(MAIN_CONTACT_YES)
    return pd.Series(marks.to_numpy(dtype=bool), index=uniques.index)
