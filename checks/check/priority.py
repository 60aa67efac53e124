"""The order in which rules win when one cell fails several: "one problem, one finding".

Derived from the rule modules' own declarations (`IMPLEMENTS`, see
`checks.check.implements`), so a rule's rank is written next to its code, and a value
rule without one stops the engine from loading instead of being ranked nowhere (a
finding of no rank is kept besides the cell's other findings, as a relation rule's
is). `checks.model.findings.keep_most_specific` receives the order from
`checks.check.validate`: the model does not import the checks.
"""

from __future__ import annotations

from checks.check.cells.registry import CELL_MODULES
from checks.check.implements import Implements, priority_order, require_priorities
from checks.check.lines import LINE_MODULES

#: Every rule code the checks implement, with its priority, module by module.
DECLARATIONS: tuple[Implements, ...] = tuple(
    item for module in (*CELL_MODULES, *LINE_MODULES) for item in module.IMPLEMENTS)

require_priorities(item for module in CELL_MODULES for item in module.IMPLEMENTS)

#: The rules of a cell, the most specific first. Rules about relations between lines
#: are not in it: they are reported in addition to a value problem.
VALUE_RULE_PRIORITY: tuple[str, ...] = priority_order(DECLARATIONS)
