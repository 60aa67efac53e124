"""The import preview in a person's words, in the current language: the sentences and
the table per section that the Fix page, the error report's sheet and `preflight
check`/`fix` show, so that all three say the same thing the same way.

The JSON of the command line keeps the preview's own numbers and codes instead
(`preview_dict`): programs read it, and its keys never change with the language.
"""

from __future__ import annotations

from checks.export.preview.counts import CustomerCounts, ImportPreview, Tally
from checks.export.templates import TEMPLATE_SECTIONS
from checks.i18n import N_, _, counted, ngettext, number
from checks.model.columns import Section, section_name

#: The heading the preview goes under, wherever it is shown.
PREVIEW_HEADING = N_("What the import will do in Upflow")

#: The titles of the table per section (English, marked).
SECTION_TITLES: tuple[str, ...] = (N_("Section"), N_("Lines"), N_("Customers"),
                                   N_("Already in Upflow (updated)"), N_("New (created)"))

#: Each section's code in the JSON: the name `preflight template` gives it.
SECTION_CODES: dict[Section, str] = {template.section: template.name
                                     for template in TEMPLATE_SECTIONS.values()
                                     if template.section is not None}


def preview_sentences(preview: ImportPreview) -> list[str]:
    """One plain sentence per thing the import does, the lines Upflow rejects and what
    keeps the file from importing at all; what the file does not do is not said."""
    if not preview.sections:  # nothing to count: only why
        return [_("Upflow would import nothing from this file as it stands: none of its "
                  "columns is one Upflow imports."), *_file_errors_sentence(preview)]
    said = [_customers_sentence(preview.customers)]
    if preview.section(Section.CONTACTS) is not None:
        said.append(counted(preview.contacts, "{count} contact added or updated.",
                            "{count} contacts added or updated."))
    if preview.account_managers:
        said.append(_("Account managers assigned: {list}.").format(
            list=_listed(preview.account_managers)))
    if preview.workflows:
        said.append(_("Workflows assigned: {list}.").format(list=_listed(preview.workflows)))
    if preview.custom_fields:
        said.append(_("Custom fields set: {list}.").format(list=_listed(preview.custom_fields)))
    if preview.rejected_lines:
        said.append(counted(
            preview.rejected_lines,
            "{count} line will be rejected by Upflow (it has an error): it neither updates "
            "nor creates a customer.",
            "{count} lines will be rejected by Upflow (they have errors): they neither update "
            "nor create a customer."))
    if preview.unidentified_lines:
        said.append(counted(
            preview.unidentified_lines,
            "{count} line names no customer (neither an ID nor a name): Upflow cannot tell "
            "whose it is.",
            "{count} lines name no customer (neither an ID nor a name): Upflow cannot tell "
            "whose they are."))
    return [*said, *_file_errors_sentence(preview)]


def _file_errors_sentence(preview: ImportPreview) -> list[str]:
    if not preview.file_errors:
        return []
    return [counted(preview.file_errors,
                    "{count} error concerns a whole column or the file rather than a line: "
                    "correct it before importing.",
                    "{count} errors concern a whole column or the file rather than a line: "
                    "correct them before importing.")]


def _customers_sentence(customers: CustomerCounts) -> str:
    if customers.updated is None or customers.created is None:
        return ngettext(
            "{count} customer in the file. Which are already in Upflow (updated) and which "
            "are new (created) cannot be told: the definitions list no known customers.",
            "{count} customers in the file. Which are already in Upflow (updated) and which "
            "are new (created) cannot be told: the definitions list no known customers.",
            customers.customers).format(count=number(customers.customers))
    return _("{updated}, {created}.").format(
        updated=counted(customers.updated, "{count} customer updated (already in Upflow)",
                        "{count} customers updated (already in Upflow)"),
        created=counted(customers.created, "{count} created (new in Upflow)",
                        "{count} created (new in Upflow)"))


def _listed(tally: Tally) -> str:
    """"Standard for 3 customers, Dunning+ for 1 customer"."""
    return ", ".join(_("{name} for {customers}").format(
        name=name, customers=counted(count, "{count} customer", "{count} customers"))
        for name, count in tally)


def section_rows(preview: ImportPreview) -> list[tuple[str, int, int, int | None, int | None]]:
    """The table per section (SECTION_TITLES): its name, its accepted lines, their
    customers, of which already in Upflow and new (None when that cannot be told)."""
    return [(section_name(part.section), part.lines, part.customers.customers,
             part.customers.updated, part.customers.created) for part in preview.sections]


def preview_dict(preview: ImportPreview) -> dict[str, object]:
    """The preview as the command line's JSON gives it (README, "Command line"): stable
    keys, section codes, numbers; null where the definitions cannot tell."""
    def tally(items: Tally, key: str) -> list[dict[str, object]]:
        return [{key: name, "customers": count} for name, count in items]

    return {
        "lines": preview.lines,
        "customer_lines": preview.customer_lines,
        "rejected_lines": preview.rejected_lines,
        "unidentified_lines": preview.unidentified_lines,
        "known_customers_listed": preview.known_customers_listed,
        "customers": preview.customers.to_dict(),
        "sections": [{"section": SECTION_CODES[part.section], "lines": part.lines,
                      "customers": part.customers.to_dict()} for part in preview.sections],
        "contacts": preview.contacts,
        "account_managers": tally(preview.account_managers, "email"),
        "workflows": tally(preview.workflows, "workflow"),
        "custom_fields": tally(preview.custom_fields, "field"),
        "file_errors": preview.file_errors,
    }
