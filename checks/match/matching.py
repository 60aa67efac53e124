"""Matching two exports on a shared identifier (README, "Identifier matching").

Upflow links a billing customer to a Salesforce account when one identifier column
holds the same text on both sides, once per side. `match_identifiers` says, for every
identifier value, whether that will work and, when not, why and what to change:

- `matched`: exactly once on each side, the same text;
- `empty`: a line without an identifier (counted in lines, not values);
- `ambiguous`: more than once on a side (whatever the other side holds);
- and for a value on one side only, the first that applies of
  `salesforce_id_length` (a 15-character ID and its 18-character form),
  `numeric_damage` (`285.0`, `2.85E+02`: a number field or spreadsheet rewrote it,
  paired with the original on the other side when there is one),
  `near_miss` (equal once spaces, case and leading zeros are ignored), and
  `missing_left` (on the right only: missing on the left side) or `missing_right`
  (on the left only).

Comparison is on the raw text, as Upflow compares: `"285 "` does not match `"285"`.
Near misses, Salesforce forms and damaged numbers are only looked for among values on
one side only, so a value already matched is never re-paired. Everything is computed
on whole columns (one factorisation of both sides into integer codes, merges on keys,
vectorised regexes in pyarrow), so a million identifiers per side take seconds.

This module only runs the steps in order; each has its own module in `checks.match`:
`sides` (the codes), `classify` and `pairs` (the classes), `lines` (back to the rows),
`advice` (the sentences) and `result` (the frames' shape and the counts).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checks.match.classes import class_names
from checks.match.classify import add_counterparts, classify, initial_classes
from checks.match.lines import side_lines, value_rows
from checks.match.result import PAIR_COLUMNS, VALUE_COLUMNS, MatchResult, class_summary
from checks.match.sides import distinct_values, identifier_column
from checks.model.table import Table


def match_identifiers(left: Table, left_column: str, right: Table, right_column: str,
                      *, left_name: str = "left", right_name: str = "right") -> MatchResult:
    """Classify every identifier of `left_column` and `right_column` (README,
    "Identifier matching").

    Raises UsageError when a column is not among the table's headers.
    """
    values, sides = distinct_values(identifier_column(left, left_column, left_name),
                                    identifier_column(right, right_column, right_name),
                                    (left_name, right_name))
    classes = initial_classes(values)
    pairs = classify(values, classes)
    values["class"] = class_names(classes)
    add_counterparts(values, pairs)
    for side in sides:
        values[f"{side.key}_rows"] = value_rows(side, len(values))
    lines = pd.concat([side_lines(values, classes, side, other)
                       for side, other in (sides, sides[::-1])], ignore_index=True)
    order = np.argsort(classes, kind="stable")
    values = values.iloc[order].reset_index(drop=True)[list(VALUE_COLUMNS)]
    return MatchResult(left_name=left_name, right_name=right_name, left_column=left_column,
                       right_column=right_column, values=values,
                       pairs=pairs[list(PAIR_COLUMNS)].reset_index(drop=True),
                       lines=lines, summary=class_summary(values, pairs, lines))
