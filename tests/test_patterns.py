"""`checks.text.patterns.fullmatch`: Arrow's RE2 run directly must answer what pandas'
`.str.fullmatch` answers, for every pattern the rules use, and a pattern RE2 would read
otherwise is refused at its first use rather than answering differently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells import dates, numbers
from checks.check.cells.id_damage import SCIENTIFIC, TRAILING_ZERO
from checks.text.patterns import fullmatch, fullmatch_where

PATTERNS = (dates.ISO_DATE, dates._WITH_TIME, dates._SHORT_YEAR, numbers.VALID_NUMBER,
            numbers.AMBIGUOUS_BODY, *(form[0] for form in numbers._FORMS), r"\.[0-9]+",
            r"[0-9]+\.", SCIENTIFIC, TRAILING_ZERO)
TEXTS = st.text(alphabet="0123456789-/.,: Te+E\u00a0é\n", max_size=14)


@given(st.lists(st.none() | TEXTS, max_size=12), st.sampled_from(PATTERNS))
def test_fullmatch_is_pandas_fullmatch(cells: list[str | None], pattern: str) -> None:
    values = pd.Series(cells, dtype="str")
    expected = values.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False)
    assert fullmatch(values, pattern).tolist() == expected.tolist()
    objects = pd.Series(cells, dtype=object)  # not Arrow: pandas' own answer
    assert fullmatch(objects.fillna(""), pattern).tolist() == \
        objects.fillna("").str.fullmatch(pattern).to_numpy(dtype=bool).tolist()


@given(st.lists(TEXTS, min_size=1, max_size=12), st.data())
def test_fullmatch_where_looks_only_where_asked(cells: list[str], data: st.DataObject) -> None:
    values = pd.Series(cells, dtype="str")
    where = np.array(data.draw(st.lists(st.booleans(), min_size=len(cells),
                                        max_size=len(cells))), dtype=bool)
    assert (fullmatch_where(values, SCIENTIFIC, where)
            == (fullmatch(values, SCIENTIFIC) & where)).all()


@pytest.mark.parametrize("pattern", [r"\s+", r"\d{4}", r"(?=a)a", r"(a)\1", r"\bword"])
def test_a_pattern_re2_reads_otherwise_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="RE2"):
        fullmatch(pd.Series(["a"], dtype="str"), pattern)
