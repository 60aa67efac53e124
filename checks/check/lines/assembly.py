"""Which line rules apply to a file: the one place that decides it, from its mapping."""

from __future__ import annotations

from types import ModuleType

from checks.check.lines import conflicts, contacts, customers, parents, required
from checks.check.lines.base import LineCheck
from checks.definitions.document import Definitions
from checks.map.headers import ColumnMapping
from checks.model.columns import Section

#: Every module of line rules; each declares the codes it implements (`IMPLEMENTS`).
LINE_MODULES: tuple[ModuleType, ...] = (required, parents, conflicts, contacts,
                                        customers)


def line_checks(mapping: ColumnMapping, definitions: Definitions) -> list[LineCheck]:
    """Every line rule that applies to a file with this mapping."""
    present = set(mapping.targets)
    checks: list[LineCheck] = []
    checks += required.required_checks(mapping)
    if {"Parent name", "Parent ID"} <= present:
        checks += parents.parent_pair_checks()
    id_column = mapping.id_column
    if "Parent ID" in present and id_column:
        checks += parents.parent_id_checks(id_column, definitions)
    elif "Parent ID" in present:
        checks += parents.parent_id_checks(None, definitions)
    checks += conflicts.conflict_checks(id_column, present)
    if (id_column and definitions.customers and Section.ASSIGNMENT in mapping.sections
            and Section.DETAILS not in mapping.sections):
        # Only known customers can be assigned when the file cannot create any.
        checks.append(customers.customer_found_check(id_column, present, definitions))
    customer_key = id_column or ("Customer name" if "Customer name" in present else None)
    if customer_key and "Contact email address" in present:
        checks.append(contacts.duplicate_contact_check(customer_key))
    if customer_key and "Main contact" in present:
        checks.append(contacts.main_contact_check(customer_key))
    return checks
