"""How a rule module says which catalogue codes it implements, and how specific each is.

Every module of `checks.check.cells` and `checks.check.lines` declares its codes in a
module-level `IMPLEMENTS`, next to the code that produces them. The declarations are
the one source of the order "one problem, one finding" uses (`checks.check.priority`),
and the guard tests read them to prove every rule of the catalogue is implemented once.
Before, the order was a list kept apart from the rules in the catalogue, and a rule
missing from it silently broke "one problem, one finding".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Implements:
    """One rule code a module implements.

    code:     the catalogue code (`checks.model.rules.RULES`).
    priority: for a rule that judges a cell's value, its rank when one cell fails
              several such rules: the lowest wins and the others are dropped. Every
              value rule (`checks.check.cells`) has one; the line rules about a value
              missing on its line (required_missing, parent_incomplete) too, since an
              empty cell is that problem alone. None for a relation between lines
              (customer_conflict, ...): it is reported besides a value problem.
              Numbers are spaced by 10 so a new rule can go between two others.
    """

    code: str
    priority: int | None = None


def priority_order(declarations: Iterable[Implements]) -> tuple[str, ...]:
    """The codes that have a priority, the most specific first.

    Raises ValueError when a code is declared twice or two codes share a priority:
    either would make the winner of a cell depend on the order modules are listed in.
    """
    declared = list(declarations)
    codes = [item.code for item in declared]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise ValueError(f"rule codes implemented twice: {', '.join(twice)}")
    ranked = [item for item in declared if item.priority is not None]
    priorities = [item.priority for item in ranked]
    shared = sorted({p for p in priorities if priorities.count(p) > 1})
    if shared:
        names = [f"{p}: {', '.join(i.code for i in ranked if i.priority == p)}" for p in shared]
        raise ValueError(f"rules sharing a priority ({'; '.join(names)})")
    return tuple(item.code for item in sorted(ranked, key=lambda item: item.priority or 0))


def require_priorities(declarations: Iterable[Implements]) -> None:
    """Raise LookupError naming the declarations without a priority: called at import
    on the value rules, which all need one."""
    unranked = [item.code for item in declarations if item.priority is None]
    if unranked:
        raise LookupError(f"value rules without a priority: {', '.join(unranked)}")
