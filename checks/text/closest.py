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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from checks.text.vectorised import key_of


def _case_key(text: str) -> str:
    return text.casefold()


def _space_accent_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.combining(ch))


#: The tiers' keys, closest first.
TIER_KEYS: tuple[Callable[[str], str], ...] = (_case_key, _space_accent_key, key_of)


@dataclass(frozen=True)
class Tier:
    """One tier's index: the one name of each key, and the keys several names share."""

    names: dict[str, str]
    shared: frozenset[str]

    @classmethod
    def of(cls, keys: list[str], names: tuple[str, ...]) -> Tier:
        """Built by C code over the whole lists (no Python step per name but counting)."""
        index = dict(zip(keys, names, strict=True))
        index.pop("", None)  # a name with nothing left to compare matches nothing
        shared = (frozenset(key for key, seen in Counter(keys).items() if seen > 1 and key)
                  if len(index) < len(keys) else frozenset())
        return cls(index, shared)

    def get(self, key: str) -> tuple[bool, str | None]:
        """Whether any name has `key`, and the name when exactly one has it."""
        if key in self.shared:
            return True, None
        name = self.names.get(key)
        return name is not None, name


@dataclass(frozen=True)
class ClosestName:
    """The names, indexed by each tier's key on first use, for finding the one a value
    means.

    The index is built only when a value needs a fix (a column without a wrong value
    never pays for it), once per list of names in the process (`_tiers` remembers the
    last few: the organization's lists serve every check), and then in whole-list
    steps: each name is case-folded and decomposed by C code, and the characters a key
    drops are found among the distinct characters of all names, not name by name. Each
    wrong value is then three hash lookups, whatever the number of names."""

    names: tuple[str, ...]

    @classmethod
    def of(cls, names: Iterable[str]) -> ClosestName:
        return cls(tuple(dict.fromkeys(names)))

    def __bool__(self) -> bool:
        return any(self.names)

    @cached_property
    def tiers(self) -> tuple[Tier, ...]:
        """The index, looked up once per instance (hashing 100,000 names is not free)."""
        return _tiers(self.names)

    def get(self, text: str) -> str | None:
        """The one name `text` means in the first tier where any name matches it, else
        None (no name, or several in that tier)."""
        if not text or not self:
            return None
        for key, tier in zip(TIER_KEYS, self.tiers, strict=True):
            matched, name = tier.get(key(text))
            if matched:
                return name
        return None


@lru_cache(maxsize=8)
def _tiers(names: tuple[str, ...]) -> tuple[Tier, ...]:
    """Per tier, closest first, the index of `names` by that tier's key (`TIER_KEYS`,
    computed here for the whole list at once: the same keys, faster)."""
    folded = [name.casefold() for name in names]
    decomposed = [unicodedata.normalize("NFKD", text) for text in folded]
    characters = set("".join(decomposed))
    spaces_accents = dict.fromkeys(
        ord(ch) for ch in characters if ch.isspace() or unicodedata.combining(ch))
    not_alphanumeric = dict.fromkeys(ord(ch) for ch in characters if not ch.isalnum())
    return (Tier.of(folded, names),
            Tier.of([text.translate(spaces_accents) for text in decomposed], names),
            Tier.of([text.translate(not_alphanumeric) for text in decomposed], names))
