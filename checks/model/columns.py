"""Upflow's import columns: names, sections, aliases and who may update them.

Facts from Upflow's customer CSV import article, as tabulated in RULES.md. Nothing
here knows about a particular file; `mapping` applies it to a file's headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from checks.definitions.document import SourceSystem
from checks.i18n import N_, pgettext


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
    french: tuple[str, ...] = ()  # the names French templates and exports use

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a header may give this column: Upflow's, the aliases, French."""
        return (self.name, *self.aliases, *self.french)


UPFLOW_COLUMNS: tuple[UpflowColumn, ...] = (
    UpflowColumn("Customer name", Section.DETAILS, Permission.IDENTIFYING, Kind.NAME,
                 ("Customer", "Company name", "Account name", "Name"),
                 # Not "Client" alone: an invoice export has one, and is no customer file.
                 french=("Nom du client", "Nom client", "Raison sociale", "Société",
                         "Nom de la société", "Nom de l'entreprise")),
    UpflowColumn("Customer ID", Section.DETAILS, Permission.IDENTIFYING, Kind.ID,
                 ("Customer Id", "CustomerID", "Customer number"), marks_section=False,
                 french=("ID client", "Identifiant client", "N° client", "Numéro client",
                         "Numéro de client", "Code client", "Référence client", "Réf client")),
    UpflowColumn("Accounting code", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 french=("Code comptable", "Compte comptable", "Compte client", "Code auxiliaire",
                         "Compte auxiliaire")),
    UpflowColumn("VAT number", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("VAT", "VAT ID", "VAT no", "Tax ID"),
                 french=("Numéro de TVA", "N° TVA", "N° de TVA", "TVA intracommunautaire",
                         "N° TVA intracommunautaire", "Numéro de TVA intracommunautaire")),
    UpflowColumn("Address", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("Street", "Street address", "Address line"),
                 french=("Adresse", "Adresse postale", "Rue")),
    UpflowColumn("Postal code", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("Postcode", "Zip", "Zip code", "ZIP/Postal code"),
                 french=("Code postal", "CP")),
    UpflowColumn("Town", Section.DETAILS, Permission.DETAILS, Kind.TEXT, ("City",),
                 french=("Ville", "Commune")),
    UpflowColumn("State/Region", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 ("State", "Region", "Province"),
                 french=("Région", "État/Région", "État", "Département")),
    UpflowColumn("Country", Section.DETAILS, Permission.DETAILS, Kind.TEXT,
                 french=("Pays",)),
    UpflowColumn("Parent name", Section.GROUPS, Permission.DETAILS, Kind.NAME,
                 ("Parent", "Parent customer name", "Parent company"),
                 french=("Nom du parent", "Nom de la société mère", "Société mère", "Maison mère",
                         "Nom de la maison mère")),
    UpflowColumn("Parent ID", Section.GROUPS, Permission.DETAILS, Kind.ID,
                 ("Parent customer ID", "Parent external ID"),
                 french=("ID parent", "Identifiant parent", "ID de la société mère",
                         "Code client parent")),
    UpflowColumn("External ID", Section.ASSIGNMENT, Permission.IDENTIFYING, Kind.ID,
                 ("ExternalID", "Ext ID"), marks_section=False,
                 french=("ID externe", "Identifiant externe")),
    UpflowColumn("Account manager", Section.ASSIGNMENT, Permission.ASSIGNMENT,
                 Kind.MEMBER_EMAILS, ("Account managers", "Account manager email"),
                 french=("Responsable de compte", "Responsables de compte",
                         "Responsable du compte", "Chargé de compte", "Chargé de clientèle",
                         "Gestionnaire de compte", "E-mail du responsable de compte")),
    UpflowColumn("Workflow", Section.ASSIGNMENT, Permission.ASSIGNMENT, Kind.WORKFLOW,
                 ("Workflows", "Workflow name", "Dunning workflow"),
                 french=("Scénario de relance", "Processus de relance", "Nom du workflow")),
    UpflowColumn("Client ID (External ID)", Section.CONTACTS, Permission.IDENTIFYING, Kind.ID,
                 ("Client ID", "Client Id (External Id)"), marks_section=False,
                 french=("ID client (ID externe)", "Identifiant client (ID externe)")),
    UpflowColumn("Contact email address", Section.CONTACTS, Permission.IDENTIFYING, Kind.EMAIL,
                 ("Email", "E-mail", "Email address", "Contact email", "Contact e-mail"),
                 french=("Adresse e-mail du contact", "Adresse email du contact",
                         "Adresse mail du contact", "E-mail du contact", "Email du contact",
                         "Adresse e-mail", "Adresse email", "Adresse mail", "Courriel", "Mail")),
    UpflowColumn("First name", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.TEXT,
                 ("Firstname", "Given name", "Contact first name"),
                 french=("Prénom", "Prénom du contact")),
    UpflowColumn("Family name", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.TEXT,
                 ("Last name", "Lastname", "Surname", "Contact last name"),
                 french=("Nom", "Nom de famille", "Nom du contact")),
    UpflowColumn("Phone number", Section.CONTACTS, Permission.CONTACT_MAIN, Kind.PHONE,
                 ("Phone", "Telephone", "Phone no", "Mobile"),
                 french=("Téléphone", "Numéro de téléphone", "N° de téléphone", "Tél", "Tél.",
                         "Portable")),
    UpflowColumn("Position", Section.CONTACTS, Permission.CONTACT_POSITION, Kind.POSITION,
                 ("Contact position",),
                 french=("Poste", "Fonction", "Poste du contact")),
    UpflowColumn("Main contact", Section.CONTACTS, Permission.MAIN_CONTACT, Kind.MAIN_CONTACT,
                 ("Primary contact", "Is main contact", "Main"),
                 french=("Contact principal",)),
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

#: What each source system is called (English, marked: translate with `_` where shown).
SOURCE_SYSTEM_LABELS: dict[SourceSystem, str] = {
    SourceSystem.NATIVE: N_("native integration"),
    SourceSystem.API: N_("API"),
    SourceSystem.SALESFORCE_NATIVE: N_("Salesforce with native integration"),
    SourceSystem.SALESFORCE_API: N_("Salesforce with API"),
}


def section_name(section: Section) -> str:
    """The section's name as a person reads it, in the current language (the
    `Section` values are the English names, used as data)."""
    names = {
        Section.DETAILS: pgettext("import section", "Details"),
        Section.GROUPS: pgettext("import section", "Groups and entities"),
        Section.ASSIGNMENT: pgettext("import section", "Assignment"),
        Section.CUSTOM_FIELDS: pgettext("import section", "Custom fields"),
        Section.CONTACTS: pgettext("import section", "Contacts"),
    }
    return names[section]


def is_allowed(permission: Permission, system: SourceSystem) -> bool:
    return permission is Permission.IDENTIFYING or permission in ALLOWED[system]
