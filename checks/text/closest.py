"""The existing name a person meant: closest first, and only when it is certain.

Options, workflows and positions must be written exactly as the organization names
them. What people type is usually the right name with the wrong case, accents, spaces
or symbols, so a fix is the existing name that matches in the first of three tiers,
closest first (RULES.md):

1. ignoring case (`net 30` → `Net 30`, even with `Net 30+` among the options);
2. also ignoring spaces and accents (`relancepme` → `Relance PME`);
3. also ignoring symbols (`key accounts - soft` → `Key accounts – soft`).

The first tier in which any name matches decides: exactly one name there is the fix,
two or more (`relance pme` with `Relance PME` and `Relance pme`) mean no fix, because
any choice would be a guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checks.text.vectorised import key_of

_NO_MATCH: tuple[str, ...] = ()


def _case_key(text: str) -> str:
    return text.casefold()


def _space_accent_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.combining(ch))


#: The tiers' keys, closest first.
TIER_KEYS: tuple[Callable[[str], str], ...] = (_case_key, _space_accent_key, key_of)


@dataclass(frozen=True)
class ClosestName:
    """The names by each tier's key, for finding the one a value means."""

    tiers: tuple[dict[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, names: Iterable[str]) -> ClosestName:
        unique = tuple(dict.fromkeys(names))
        tiers = []
        for key in TIER_KEYS:
            by_key: dict[str, list[str]] = {}
            for name in unique:
                found = key(name)
                if found:
                    by_key.setdefault(found, []).append(name)
            tiers.append({found: tuple(names) for found, names in by_key.items()})
        return cls(tuple(tiers))

    def __bool__(self) -> bool:
        return any(self.tiers)

    def get(self, text: str) -> str | None:
        """The one name `text` means in the first tier where any name matches it, else
        None (no name, or several in that tier)."""
        for key, tier in zip(TIER_KEYS, self.tiers, strict=True):
            found = tier.get(key(text), _NO_MATCH) if text else _NO_MATCH
            if found:
                return found[0] if len(found) == 1 else None
        return None
