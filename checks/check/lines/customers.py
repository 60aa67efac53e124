"""Assignments for customers Upflow does not have: `customer_not_found`.

An assignment line (External ID with an Account manager or a Workflow) only updates a
customer that exists: Upflow rejects it with "The customer was not found". Preflight
knows the organization's customers when the definitions list them (`customers`), so a
line whose ID is none of theirs is reported. The rule applies only when the file has
no Details section: with a Customer name (or another detail), the same import creates
the customer, and an unknown ID is a new customer, not a mistake (`assembly` decides).
Without a list of known customers nothing is known to be missing, so nothing is said.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.spaces import TEXT, to_bool
from checks.check.implements import Implements
from checks.check.lines.base import EMPTY, LineCheck, arrow, filled, mask
from checks.definitions.document import Definitions
from checks.text.vectorised import as_text, clean_spaces, take_rows

#: The rule this module implements: a relation between a line and the organization's
#: customers, reported besides any problem of the ID itself (a damaged ID is also not
#: found), so it has no priority.
IMPLEMENTS = (Implements("customer_not_found"),)

#: The columns that make a line an assignment line when they hold a value.
ASSIGNING = ("Account manager", "Workflow")


def customer_found_check(id_column: str, present: set[str],
                         definitions: Definitions) -> LineCheck:
    """`customer_not_found` on the ID column: an assignment line's ID (spaces cleaned:
    stray spaces are `whitespace`'s finding) is the ID of a known customer."""
    known = pa.array(sorted({customer.id for customer in definitions.customers}), TEXT)
    assigning = [name for name in ASSIGNING if name in present]

    def passes(frame: pd.DataFrame) -> pd.Series:
        found = np.ones(len(frame), dtype=bool)
        if not assigning:
            return mask(found, frame)
        lines = np.flatnonzero(np.logical_or.reduce([filled(frame, c) for c in assigning]))
        if lines.size:
            ids = arrow(clean_spaces(as_text(take_rows(frame[id_column], lines))))
            given = ~to_bool(pc.equal(ids, EMPTY))  # an empty ID is required_missing's
            found[lines[given]] = to_bool(pc.is_in(ids.filter(pa.array(given)),
                                                   value_set=known))
        return mask(found, frame)

    return LineCheck("customer_not_found", id_column, passes,
                     depends=(id_column, *assigning))
