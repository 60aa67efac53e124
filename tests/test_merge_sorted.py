"""`merge_sorted`: an edit's new findings spliced into the sorted findings must be the
full sort of both, finding for finding (the incremental re-check relies on it)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from checks.model.findings import (
    Finding,
    finding,
    findings_frame,
    merge_sorted,
    sort_findings,
    sort_order,
)

#: Rules of every severity, so that ties on a row are broken by each key in turn.
_RULES = ("required_missing", "whitespace", "email_uppercase", "customer_conflict",
          "header_alias", "date_format", "formula_like")


@st.composite
def _findings(draw: st.DrawFn, with_file_level: bool = True) -> Finding:
    row = draw(st.none() | st.integers(2, 6)) if with_file_level else draw(st.integers(2, 6))
    position = draw(st.none() | st.integers(0, 3))
    return finding(draw(st.sampled_from(_RULES)), row=row, position=position,
                   column=None if position is None else f"C{position}",
                   value=draw(st.sampled_from(["a", "b", None])))


@given(st.lists(_findings(), max_size=25), st.data(),
       st.lists(_findings(with_file_level=False), max_size=6), st.booleans())
def test_splicing_is_the_full_sort(everything: list[Finding], data: st.DataObject,
                                   new: list[Finding], about_the_file: bool) -> None:
    ordered = sort_findings(findings_frame(everything))
    keep = data.draw(st.lists(st.booleans(), min_size=len(ordered), max_size=len(ordered)))
    kept = ordered[pd.Series(keep, dtype=bool).to_numpy()] if len(ordered) else ordered
    if about_the_file:  # a finding without a row: the whole table is sorted
        new = [*new, finding("no_import_columns")]
    added = findings_frame(new)
    both = pd.concat([kept, added], ignore_index=True)
    expected = both.iloc[sort_order(both)].reset_index(drop=True) if len(both) else both
    pd.testing.assert_frame_equal(merge_sorted(kept, added), expected)
