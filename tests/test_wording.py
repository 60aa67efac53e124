"""Counts read as people say them (`checks.i18n.counted`, the one way a count is written)."""

import pytest

from checks.i18n import counted, ngettext


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 errors"), (1, "1 error"), (2, "2 errors"), (1250, "1,250 errors"),
])
def test_counted(count: int, expected: str) -> None:
    assert counted(count, "{count} error", "{count} errors") == expected


def test_plural_is_the_noun_alone() -> None:
    assert (ngettext("line", "lines", 1), ngettext("line", "lines", 3)) == ("line", "lines")
