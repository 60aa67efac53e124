"""`duplicate_contact` compares (customer, email) pairs by sorting, not hashing: the
lines it flags must be exactly the ones pandas' `duplicated(keep="first")` flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from checks.check.lines.contacts import repeated_after_first

pairs = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["", "a@x", "b@x", "é@x",
                                                               "a@x ", "A@x"])),
                 max_size=40)


@given(pairs, st.integers(1, 3))
def test_repeats_are_the_duplicates_after_the_first(
        drawn: list[tuple[int, str]], chunks: int) -> None:
    customers = np.array([customer for customer, _ in drawn], dtype=np.int64)
    emails = [email for _, email in drawn]
    step = max(1, -(-len(emails) // chunks))
    arrow = pa.chunked_array([pa.array(emails[i:i + step], pa.large_string())
                              for i in range(0, len(emails), step)] or [[]],
                             type=pa.large_string())
    expected = pd.DataFrame({"k": customers, "e": emails}).duplicated(keep="first")
    assert repeated_after_first(customers, arrow).tolist() == expected.tolist()
