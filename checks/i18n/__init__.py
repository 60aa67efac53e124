"""Everything a person reads, in English or French: gettext catalogues managed with Babel.

The source strings are English, in the code, marked with `_` (translated where they
are used), `N_` (marked where a constant is defined, translated where it is shown) or
`ngettext` (a count decides the form). `pybabel extract` collects them into
`checks/i18n/preflight.pot` and `pybabel update` into the French catalogue
`checks/i18n/locale/fr/LC_MESSAGES/preflight.po` (README, "Translations"). The build
compiles the catalogue (`.mo`, setup.py); when the compiled file is missing or older than
the catalogue (a checkout being worked on), it is compiled in memory on first use, so
what is shown is always the catalogue as it stands.

The language is per context (`contextvars`): a Streamlit session sets it at the start
of each run (each session runs in its own thread, so two people in two languages never
see each other's), the command line once from `--lang` or the environment's locale.
Rule codes, JSON keys and command-line options are never translated.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from numbers import Integral
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "N_", "_", "counted",
    "environment_language", "language", "language_of", "ngettext", "npgettext", "number",
    "pgettext",
    "set_language", "use_language",
]

#: The languages Preflight speaks; the first is the source language.
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "fr": "Français"}

DOMAIN = "preflight"
LOCALE_DIR = Path(__file__).with_name("locale")

_language: ContextVar[str] = ContextVar("preflight_language", default=DEFAULT_LANGUAGE)


def language() -> str:
    """The language of the current context."""
    return _language.get()


def set_language(code: str | None) -> str:
    """Speak `code` (a language or a locale such as `fr_FR.UTF-8`) in this context from
    now on; anything unknown is English. Returns the language chosen."""
    chosen = language_of(code) or DEFAULT_LANGUAGE
    _language.set(chosen)
    return chosen


@contextmanager
def use_language(code: str | None) -> Iterator[str]:
    """Speak `code` inside the block only."""
    token = _language.set(language_of(code) or DEFAULT_LANGUAGE)
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def language_of(code: str | None) -> str | None:
    """The supported language of a language tag or locale name (`fr`, `fr-FR`,
    `fr_CA.UTF-8`), else None."""
    if not code:
        return None
    base = code.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return base if base in LANGUAGES else None


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the environment's locale, as gettext reads it (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG: the first that is set), English when none is ours."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            for part in value.split(":"):
                found = language_of(part)
                if found:
                    return found
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count`, in the current language (French
    counts 0 and 1 as singular, English only 1)."""
    return _translations(_language.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart by `context` from the same
    English text with another meaning."""
    return _translations(_language.get()).pgettext(context, message)


def number(value: float) -> str:
    """A count or amount written the way the current language writes it (`1,250` in
    English, `1 250` in French)."""
    code = _language.get()
    if isinstance(value, Integral):
        # A whole number is its digits grouped by threes with the language's group
        # sign: the same text as Babel's, without its pattern machinery (tens of
        # microseconds a call, and a page writes a row number per line it lists).
        return f"{int(value):,}".replace(",", _group_sign(code))
    from babel.numbers import format_decimal

    return format_decimal(value, locale=code)


@cache
def _group_sign(code: str) -> str:
    """The sign a language puts between groups of three digits (Babel's CLDR data)."""
    from babel.numbers import get_group_symbol

    return get_group_symbol(code)


def counted(count: int, singular: str, plural: str) -> str:
    """`count` with the form of its noun phrase, the count written for the language:
    `counted(n, "{count} line", "{count} lines")` → "1 line", "1,250 lines"; in
    French "1 ligne", "1 250 lignes". Both forms are extracted for translation."""
    return ngettext(singular, plural, count).format(count=number(count))


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    """`ngettext` told apart by `context` from the same English words used elsewhere
    (a count's unit "value" beside a column titled "value")."""
    return _translations(_language.get()).npgettext(context, singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for translation where it is defined (a constant); it is
    translated with `_` where it is shown."""
    return message


@cache
def _translations(code: str) -> gettext.NullTranslations:
    """The catalogue of `code`: the compiled file when it is up to date, else the
    catalogue compiled in memory."""
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    source, compiled = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if compiled.exists() and (not source.exists()
                              or compiled.stat().st_mtime >= source.stat().st_mtime):
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not source.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_catalogue(source)))


def compile_catalogue(source: Path) -> bytes:
    """A `.po` catalogue as `.mo` bytes, as `pybabel compile` writes them (fuzzy
    entries left out, so a translation nobody checked is never shown)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalogue = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()
