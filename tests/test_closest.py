"""The closest existing name (`checks.text.closest`): the tiers of RULES.md, the
examples of the issue and RULES.md, and properties that hold for any names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.text.closest import ClosestName
from checks.text.vectorised import key_of


@pytest.mark.parametrize(("names", "text", "expected"), [
    (("Net 30", "Net 30+"), "net 30", "Net 30"),
    (("Gold", "Gold+"), "gold", "Gold"),
    (("Relance PME", "Relance pme"), "relance pme", None),
    (("Relance PME", "Relance pme"), "relancepme", None),
    (("Key accounts – soft",), "key accounts - soft", "Key accounts – soft"),
    (("Île-de-France", "Ile de France"), "ile de france", "Ile de France"),
    (("Île-de-France", "Ile de France"), "île de france", "Ile de France"),  # tier 2
    (("Île-de-France", "Ile-de-France"), "ile de france", None),  # tier 3: both
    (("Straße",), "STRASSE", "Straße"),
    (("Sales",), "Marketing", None),
    ((), "Sales", None),
    (("Sales",), "", None),
])
def test_examples(names: tuple[str, ...], text: str, expected: str | None) -> None:
    assert ClosestName.of(names).get(text) == expected


_NAMES = st.lists(st.text(st.sampled_from("aAbBéE +-_."), min_size=1, max_size=5),
                  max_size=6, unique=True)


@given(_NAMES, st.text(st.sampled_from("aAbBéE +-_."), max_size=6))
def test_a_fix_is_an_existing_name_with_the_same_loosest_key(names: list[str],
                                                              text: str) -> None:
    """Whatever the tiers choose is a name that matches at least ignoring case, spaces,
    accents and symbols, and the only one in its tier: never a guess between two."""
    found = ClosestName.of(names).get(text)
    if found is None:
        return
    assert found in names and key_of(found) == key_of(text)
    same_case = [name for name in names if name.casefold() == text.casefold()]
    assert len(same_case) <= 1
    if same_case:
        assert found == same_case[0]


@given(_NAMES)
def test_every_name_finds_itself_unless_another_equals_it_ignoring_case(names: list[str]
                                                                         ) -> None:
    closest = ClosestName.of(names)
    for name in names:
        twins = [other for other in names if other.casefold() == name.casefold()]
        if key_of(name):
            assert closest.get(name) == (name if len(twins) == 1 else None)
