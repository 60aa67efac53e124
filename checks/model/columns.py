"""Upflow's import columns: names, sections, aliases and who may update them.

Facts from Upflow's customer CSV import article, as tabulated in RULES.md. Nothing
here knows about a particular file; `mapping` applies it to a file's headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from checks.definitions.document import SourceSystem


class Section(StrEnum):
    DETAILS = "Details"
    GROUPS = "Groups and entities"
    ASSIGNMENT = "Assignment"
    CUSTOM_FIELDS = "Custom fields"
    CONTACTS = "Contacts"


class Permission(StrEnum):
    """Which row of the source-system table governs a column."""

    IDENTIFYING = "identifying"  # always allowed: says which customer or contact a line is
    DETAILS = "details"
    CONTACT_MAIN = "contact main information"
    CONTACT_POSITION = "contact position"
    MAIN_CONTACT = "main contact"
    ASSIGNMENT = "account managers and workflows"


class Kind(StrEnum):
    """How a column's values are checked."""

    NAME = "name"            # a customer's or parent's name
    ID = "id"                # an identifier (customer, parent)
    TEXT = "text"
    EMAIL = "email"          # a contact's email
    MEMBER_EMAILS = "member_emails"  # account managers: member emails, comma-separated
    WORKFLOW = "workflow"
    POSITION = "position"
    MAIN_CONTACT = "main_contact"
    PHONE = "phone"


@dataclass(frozen=True)
class UpflowColumn:
    name: str
    section: Section
    permission: Permission
    kind: Kind
    aliases: tuple[str, ...] = ()
    marks_section: bool = True  # a value here makes the line part of its section


UPFLOW_COLUMNS: tuple[UpflowColumn, ...] = (
    UpflowColumn("Customer name", Section.DETAILS, Permission.IDENTIFYING, Kind.NAME,
                 ("Customer", "Company name", "Account name", "Name")),
    UpflowColumn("Customer ID", Section.DETAILS, Permission.IDENTIFYING, Kind.ID,
                 ("Customer Id", "CustomerID", "Customer number"), marks_section=False),
    UpflowColumn("Accounting code", Section.DETAILS, Permission.DETAILS, Kind.TEXT),
    UpflowColumn("VAT number", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("VAT", "VAT ID", "VAT no", "Tax ID")),
    UpflowColumn("Address", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("Street", "Street address", "Address line")),
    UpflowColumn("Postal code", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("Postcode", "Zip", "Zip code", "ZIP/Postal code")),
    UpflowColumn("Town", Section.DETAILS, Permission.DETAILS, Kind.TEXT, ("City",)),
    UpflowColumn("State/Region", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("State", "Region", "Province")),
    UpflowColumn("Country", Section.DETAILS, Permission.DETAILS, Kind.TEXT),
    UpflowColumn("Parent name", Section.GROUPS, Permission.DETAILS, Kind.NAME,
                 ("Parent", "Parent customer name", "Parent company")),
    UpflowColumn("Parent ID", Section.GROUPS, Permission.DETAILS, Kind.ID,
                 ("Parent customer ID", "Parent external ID")),
    UpflowColumn("External ID", Section.ASSIGNMENT, Permission.IDENTIFYING, Kind.ID,
                 ("ExternalID", "Ext ID"), marks_section=False),
    UpflowColumn("Account manager", Section.ASSIGNMENT, Permission.ASSIGNMENT,
                 Kind.MEMBER_EMAILS, ("Account managers", "Account manager email")),
    UpflowColumn("Workflow", Section.ASSIGNMENT, Permission.ASSIGNMENT, Kind.WORKFLOW,
                 ("Workflows", "Workflow name", "Dunning workflow")),
    UpflowColumn("Client ID (External ID)", Section.CONTACTS, Permission.IDENTIFYING, Kind.ID,
                 ("Client ID", "Client Id (External Id)"), marks_section=False),
    UpflowColumn("Contact email address", Section.CONTACTS, Permission.IDENTIFYING, Kind.EMAIL,
                 ("Email", "E-mail", "Email address", "Contact email", "Contact e-mail")),
    UpflowColumn("First name", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.TEXT,
                 ("Firstname", "Given name", "Contact first name")),
    UpflowColumn("Family name", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.TEXT,
                 ("Last name", "Lastname", "Surname", "Contact last name")),
    UpflowColumn("Phone number", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.PHONE,
                 ("Phone", "Telephone", "Phone no", "Mobile")),
    UpflowColumn("Position", Section.CONTACTS, Permission.CONTACT_POSITION, Kind.POSITION,
                 ("Contact position",)),
    UpflowColumn("Main contact", Section.CONTACTS, Permission.MAIN_CONTACT, Kind.MAIN_CONTACT,
                 ("Primary contact", "Is main contact", "Main")),
)

COLUMNS_BY_NAME: dict[str, UpflowColumn] = {column.name: column for column in UPFLOW_COLUMNS}

#: The customer identifier has three names; any one satisfies every section's 🚩.
ID_COLUMNS: tuple[str, ...] = ("Customer ID", "External ID", "Client ID (External ID)")

#: The 🚩 columns of each section. "ID" stands for any of ID_COLUMNS, named after the
#: section's own name for it when missing.
MANDATORY: dict[Section, tuple[str, ...]] = {
    Section.DETAILS: ("Customer name",),
    Section.GROUPS: ("Parent name", "Parent ID"),
    Section.ASSIGNMENT: ("External ID",),
    Section.CUSTOM_FIELDS: (),
    Section.CONTACTS: ("Customer name", "Client ID (External ID)", "Contact email address"),
}

#: Details columns compared between lines of the same customer (customer_conflict).
CUSTOMER_DETAIL_COLUMNS: tuple[str, ...] = (
    "Customer name", "Accounting code", "VAT number", "Address", "Postal code", "Town",
    "State/Region", "Country", "Parent name", "Parent ID",
)


#: The source-system table of RULES.md: which permissions each system grants.
ALLOWED: dict[SourceSystem, frozenset[Permission]] = {
    SourceSystem.NATIVE: frozenset({Permission.CONTACT_POSITION, Permission.MAIN_CONTACT,
                                    Permission.ASSIGNMENT}),
    SourceSystem.API: frozenset(Permission),
    SourceSystem.SALESFORCE_NATIVE: frozenset({Permission.CONTACT_POSITION,
                                               Permission.MAIN_CONTACT}),
    SourceSystem.SALESFORCE_API: frozenset({Permission.DETAILS, Permission.CONTACT_POSITION,
                                            Permission.MAIN_CONTACT}),
}

SOURCE_SYSTEM_LABELS: dict[SourceSystem, str] = {
    SourceSystem.NATIVE: "native integration",
    SourceSystem.API: "API",
    SourceSystem.SALESFORCE_NATIVE: "Salesforce with native integration",
    SourceSystem.SALESFORCE_API: "Salesforce with API",
}


def is_allowed(permission: Permission, system: SourceSystem) -> bool:
    return permission is Permission.IDENTIFYING or permission in ALLOWED[system]
