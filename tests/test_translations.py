"""The French catalogue is complete and safe: every string the code marks has a checked
translation with the same placeholders, and the language follows the context."""

from __future__ import annotations

import re
import threading

import numpy as np
import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.i18n import (
    LANGUAGES,
    _,
    counted,
    environment_language,
    language,
    language_of,
    ngettext,
    number,
    set_language,
    use_language,
)
from checks.i18n.catalogue import catalogue_path, extract

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def code_strings():
    return extract()


@pytest.fixture(scope="module")
def french():
    with catalogue_path("fr").open("rb") as handle:
        return read_po(handle, locale="fr")


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple | list) else (
        message.string,)


def test_every_marked_string_is_translated_and_checked(code_strings, french) -> None:
    missing, fuzzy = [], []
    for message in code_strings:
        if not message.id:
            continue
        found = french.get(message.id, context=message.context)
        if found is None or not all(_strings(found)):
            missing.append(_ids(message)[0])
        elif found.fuzzy:
            fuzzy.append(_ids(message)[0])
    assert missing == [], f"{len(missing)} untranslated (run scripts/translations update)"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy translations to check"


def test_the_catalogue_holds_nothing_the_code_no_longer_says(code_strings, french) -> None:
    said = {(_ids(message)[0], message.context) for message in code_strings if message.id}
    kept = {(_ids(message)[0], message.context) for message in french if message.id}
    assert kept - said == set(), "run scripts/translations update"


def test_translations_keep_every_placeholder(french) -> None:
    for message in french:
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for text in _strings(message):
            assert set(PLACEHOLDER.findall(text)) == expected, (message.id, text)


def test_french_plural_forms_count_zero_and_one_as_singular(french) -> None:
    assert french.num_plurals == 2
    assert french.plural_expr == "(n > 1)"
    with use_language("en"):
        assert counted(0, "{count} line", "{count} lines") == "0 lines"
        assert counted(1, "{count} line", "{count} lines") == "1 line"
        assert ngettext("{count} line", "{count} lines", 1250) == "{count} lines"


def test_the_language_is_per_context() -> None:
    seen: dict[str, str] = {}

    def other() -> None:
        set_language("fr")
        seen["other"] = language()

    with use_language("en"):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert language() == "en"
    assert seen["other"] == "fr"


@pytest.mark.parametrize(("code", "expected"), [
    ("fr", "fr"), ("fr-FR", "fr"), ("fr_CA.UTF-8", "fr"), ("en-GB", "en"), ("de", None),
    ("", None), (None, None),
])
def test_language_of(code: str | None, expected: str | None) -> None:
    assert language_of(code) == expected


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "fr_FR.UTF-8"}, "fr"), ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR"}, "en"),
    ({"LANGUAGE": "de:fr"}, "fr"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
])
def test_environment_language(environ: dict[str, str], expected: str) -> None:
    assert environment_language(environ) == expected


def test_numbers_are_written_the_languages_way() -> None:
    with use_language("en"):
        assert number(1250) == "1,250"
    with use_language("fr"):
        assert number(1250).replace("\u202f", " ").replace("\xa0", " ") == "1 250"


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=-(10**15), max_value=10**15),
       code=st.sampled_from(LANGUAGES), as_numpy=st.booleans())
def test_whole_numbers_are_written_as_babel_writes_them(value: int, code: str,
                                                        as_numpy: bool) -> None:
    """The fast path for whole numbers (row numbers, counts) gives Babel's own text."""
    from babel.numbers import format_decimal

    with use_language(code):
        assert number(np.int64(value) if as_numpy else value) == format_decimal(
            value, locale=code)


def test_a_known_string_reads_in_french() -> None:
    with use_language("fr"):
        assert _("Check a file") == "Vérifier un fichier"
    assert _("Check a file") == "Check a file"
