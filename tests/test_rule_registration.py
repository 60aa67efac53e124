"""Adding a rule cannot fail silently: the catalogue, the rule modules, the priority of
"one problem, one finding", the column registry, the fixes and the coverage cases all
have to agree, and each guard here fails when one of them is left out."""

from __future__ import annotations

import importlib.util
import pkgutil
from enum import StrEnum
from types import ModuleType

import pytest

from checks.check import cells, lines
from checks.check.cells.base import CellCheck, CheckOptions
from checks.check.cells.registry import (
    CELL_MODULES,
    FIELD_CHECKS,
    UPFLOW_CHECKS,
    cell_checks,
    require_every_member,
)
from checks.check.implements import Implements, priority_order, require_priorities
from checks.check.lines import LINE_MODULES, line_checks
from checks.check.priority import VALUE_RULE_PRIORITY
from checks.definitions.document import CustomField, FieldType
from checks.fix.fixes import FIXES, Fix
from checks.map.headers import map_headers
from checks.model import columns
from checks.model.columns import UPFLOW_COLUMNS, Kind
from checks.model.rules import RULES, Scope
from tests.helpers import DEFS
from tests.test_validate import BYTE_CASES, CASES

CELL_RULES = sorted(code for code, rule in RULES.items() if rule.scope is Scope.CELL)
RULE_MODULES: tuple[ModuleType, ...] = (*CELL_MODULES, *LINE_MODULES)


def declared_by(modules: tuple[ModuleType, ...]) -> list[Implements]:
    return [item for module in modules for item in module.IMPLEMENTS]


def every_cell_check() -> list[CellCheck]:
    """Every value rule the registry can attach: each kind of Upflow column, each type
    of custom field, and a column Upflow does not know."""
    found = [check for build in UPFLOW_CHECKS.values() for check in build(DEFS)]
    for field_type, build in FIELD_CHECKS.items():
        field = CustomField(f"any {field_type}", field_type, ("A", "B"))
        found += build(field, CheckOptions())
    return found + cell_checks(None, DEFS, CheckOptions())


#: Files that, between them, get every line rule: one with every Upflow column, and an
#: assignment file without details (customer_not_found applies only where the file
#: cannot create the customers it assigns).
LINE_RULE_FILES = (
    [column.name for column in UPFLOW_COLUMNS],
    ["External ID", "Account manager", "Workflow"],
)


def every_line_check_rule() -> set[str]:
    """The rules `line_checks` builds for the files of LINE_RULE_FILES."""
    return {check.rule for headers in LINE_RULE_FILES
            for check in line_checks(map_headers(headers, DEFS), DEFS)}


# ── the catalogue and the rule modules ──────────────────────────────────────────


@pytest.mark.parametrize("code", CELL_RULES)
def test_every_cell_rule_of_the_catalogue_is_implemented_once(code: str) -> None:
    modules = [module.__name__ for module in RULE_MODULES
               if any(item.code == code for item in module.IMPLEMENTS)]
    assert len(modules) == 1, f"{code} is implemented by {modules or 'no module'}"


def test_rule_modules_implement_only_cell_rules_of_the_catalogue() -> None:
    assert {item.code for item in declared_by(RULE_MODULES)} <= set(CELL_RULES)


@pytest.mark.parametrize("package, listed, shared", [
    (cells, CELL_MODULES, {"base", "registry"}),
    (lines, LINE_MODULES, {"base", "assembly"}),
], ids=["cells", "lines"])
def test_every_rule_module_is_listed(package: ModuleType, listed: tuple[ModuleType, ...],
                                     shared: set[str]) -> None:
    """A module left out of CELL_MODULES / LINE_MODULES would go unseen by the
    priority and by these guards."""
    names = {info.name for info in pkgutil.iter_modules(package.__path__)} - shared
    assert names == {module.__name__.rsplit(".", 1)[1] for module in listed}


@pytest.mark.parametrize("item", declared_by(CELL_MODULES), ids=lambda item: item.code)
def test_every_value_rule_has_a_priority(item: Implements) -> None:
    assert item.priority is not None, f"{item.code} has no priority"
    assert item.code in VALUE_RULE_PRIORITY


def test_the_registry_attaches_exactly_the_declared_value_rules() -> None:
    built = {check.rule for check in every_cell_check()}
    assert built == {item.code for item in declared_by(CELL_MODULES)}


def test_every_line_rule_has_an_implementation() -> None:
    assert every_line_check_rule() == {item.code for item in declared_by(LINE_MODULES)}


def test_priority_is_the_declared_order() -> None:
    ranked = sorted((item for item in declared_by(RULE_MODULES) if item.priority is not None),
                    key=lambda item: item.priority)
    assert VALUE_RULE_PRIORITY == tuple(item.code for item in ranked)


def test_a_rule_declared_twice_or_two_rules_sharing_a_priority_are_refused() -> None:
    with pytest.raises(ValueError, match="implemented twice: whitespace"):
        priority_order([Implements("whitespace", 10), Implements("whitespace", 20)])
    with pytest.raises(ValueError, match="sharing a priority .10: a, b"):
        priority_order([Implements("a", 10), Implements("b", 10), Implements("c")])
    assert priority_order([Implements("b", 20), Implements("c"), Implements("a", 10)]) == (
        "a", "b")


def test_a_value_rule_without_a_priority_is_refused() -> None:
    require_priorities([Implements("a", 10)])
    with pytest.raises(LookupError, match="without a priority: b, c"):
        require_priorities([Implements("a", 10), Implements("b"), Implements("c")])


# ── the registry of columns ─────────────────────────────────────────────────────


def test_the_registry_maps_every_kind_and_field_type() -> None:
    assert set(UPFLOW_CHECKS) == set(Kind)
    assert set(FIELD_CHECKS) == set(FieldType)


def test_an_unmapped_member_is_refused() -> None:
    class Colour(StrEnum):
        RED = "red"
        BLUE = "blue"
        GREEN = "green"

    require_every_member({Colour.RED: 1, Colour.BLUE: 2, Colour.GREEN: 3}, Colour, "T")
    with pytest.raises(LookupError, match="T has no entry for Colour.BLUE, Colour.GREEN"):
        require_every_member({Colour.RED: 1}, Colour, "T")


def test_a_new_column_kind_without_checks_stops_the_import(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's own module, loaded afresh with a `Kind` that has one more member,
    refuses to load."""
    wider = StrEnum("Kind", {**{kind.name: kind.value for kind in Kind}, "IBAN": "iban"})
    monkeypatch.setattr(columns, "Kind", wider)
    spec = importlib.util.find_spec("checks.check.cells.registry")
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    with pytest.raises(LookupError, match="UPFLOW_CHECKS has no entry for Kind.IBAN"):
        spec.loader.exec_module(fresh)


# ── fixes and coverage cases ────────────────────────────────────────────────────


@pytest.mark.parametrize("fix", FIXES, ids=lambda fix: fix.name)
def test_every_fix_applies_rules_that_propose_one(fix: Fix) -> None:
    """A fix only applies the values its rules propose: a rule without `propose`
    would make the fix a silent no-op. Line rules never propose one."""
    proposing = {check.rule for check in every_cell_check() if check.propose is not None}
    assert set(fix.rules) <= proposing, sorted(set(fix.rules) - proposing)


def test_every_rule_of_the_catalogue_has_a_coverage_case() -> None:
    """tests/test_validate.py produces each rule from a file that has the problem."""
    assert not set(CASES) & set(BYTE_CASES)
    assert set(CASES) | set(BYTE_CASES) == set(RULES), sorted(
        set(RULES) ^ (set(CASES) | set(BYTE_CASES)))
