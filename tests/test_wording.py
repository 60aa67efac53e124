"""Counts read as people say them."""

import pytest

from checks.text.wording import counted, plural


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 errors"), (1, "1 error"), (2, "2 errors"), (1250, "1,250 errors"),
])
def test_counted(count: int, expected: str) -> None:
    assert counted(count, "error") == expected


def test_plural_is_the_noun_alone() -> None:
    assert (plural(1, "line"), plural(3, "line")) == ("line", "lines")
