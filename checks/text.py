"""Vectorised text helpers shared by the checks and the fixes.

Cells are text (pandas' string dtype). Anything costly is computed once per
*distinct* value with `per_unique`, which is what makes columns with few distinct
values (options, workflows, members) cheap however long the file is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import pandas as pd

#: Characters that are invisible or nearly so and that Upflow does not strip.
_ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200b\ufeff"
_ODD_SPACE_PATTERN = f"[{_ODD_SPACES}\\r\\n\\t]"


def as_text(values: pd.Series) -> pd.Series:
    """The column as pandas' string dtype with empty strings for missing cells."""
    return values.astype("str").fillna("") if values.dtype != "str" else values.fillna("")


def per_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply `func` to each distinct value once and spread the results back."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == len(values):
        return func(values).set_axis(values.index)
    results = func(pd.Series(uniques, dtype=values.dtype)).reset_index(drop=True)
    spread = results.take(codes.clip(min=0)).reset_index(drop=True)
    return spread.set_axis(values.index)


def clean_spaces(values: pd.Series) -> pd.Series:
    """Trim surrounding whitespace and turn inner non-breaking spaces and line breaks
    into plain spaces: the value a person meant to type."""
    return values.str.replace(_ODD_SPACE_PATTERN, " ", regex=True).str.strip(" ")


def has_odd_spaces(values: pd.Series) -> pd.Series:
    """Whether the value differs from `clean_spaces(value)`."""
    return clean_spaces(values).ne(values)


def key_of(text: str) -> str:
    """The comparison key of RULES.md: case-folded (ß = ss), accents removed, only
    letters and digits kept."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def match_keys(values: pd.Series) -> pd.Series:
    """`key_of` for a whole column, computed once per distinct value."""
    return per_unique(values, lambda uniques: uniques.map(key_of, na_action="ignore"))


def unique_key_lookup(names: Iterable[str]) -> dict[str, str]:
    """Key → name, keeping only keys that exactly one name has (a fix is proposed only
    when exactly one existing name matches)."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(key_of(name), []).append(name)
    return {key: found[0] for key, found in by_key.items() if len(found) == 1 and key}


def lookup_by_key(values: pd.Series, names: Iterable[str]) -> pd.Series:
    """For each value, the one existing name with the same key, else missing."""
    table = unique_key_lookup(names)
    return match_keys(values).map(table).astype("object")
