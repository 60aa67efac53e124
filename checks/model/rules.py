"""The rule catalogue: every finding's code, severity, message and help text.

Rule codes are a public interface (CLI JSON, error report, dashboard, tests), so they
live in exactly one place. Messages are templates filled per finding with
`{column}`, `{value}`, `{fix}` and `{detail}`; the help text answers the three
questions a user has: what it means, why Upflow cares, and how to fix it.

The texts are English, marked with `N_` for the French catalogue (README,
"Translations"): whoever shows one translates it there with `_` (`finding()` fills
`_(rule.message)`), so a rule's text is in the language current when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from checks.i18n import N_, _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Scope(StrEnum):
    """What a finding points at: decides which of row/column/value are set."""

    FILE = "file"
    COLUMN = "column"
    CELL = "cell"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    scope: Scope
    title: str
    message: str
    meaning: str
    why: str
    how_to_fix: str

    @property
    def help(self) -> str:
        """What it means, why Upflow cares and how to fix it, in the current language."""
        return " ".join(_(text) for text in (self.meaning, self.why, self.how_to_fix))


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
F, C, X = Scope.FILE, Scope.COLUMN, Scope.CELL

_RULES = [
    # ── file level ──────────────────────────────────────────────────────────────
    Rule("file_unreadable", E, F, N_("File cannot be read"),
         N_("{detail}"),
         N_("The file is not a CSV or XLSX file Preflight can open."),
         N_("Upflow only imports CSV files; a file that cannot be opened cannot be imported."),
         N_("Open it in your spreadsheet tool and save it again as CSV (UTF-8) or XLSX.")),
    Rule("file_empty", E, F, N_("File is empty"),
         N_("{detail}"),
         N_("The file has no header line, or a header and no customer lines."),
         N_("Upflow needs a header line naming the columns and at least one line of data."),
         N_("Add the header line and the lines you want to import.")),
    Rule("encoding_converted", I, F, N_("Text encoding converted"),
         N_("The file was saved as {detail}; the corrected file will be UTF-8."),
         N_("The file was not saved as UTF-8, the encoding Upflow reads."),
         N_("Accented letters (é, ü, –) would turn into garbage if imported as they are."),
         N_("Nothing to do: Preflight converted it. Export the corrected file to import it.")),
    Rule("ragged_row", E, F, N_("Line has the wrong number of cells"),
         N_("This line has {detail}."),
         N_("A line has more or fewer cells than the header line."),
         N_("Upflow would put values in the wrong columns, or reject the line."),
         N_("Look for an unquoted separator inside a value (e.g. a comma in an address) or a "
         "missing one, and put quotes around values that contain the separator.")),
    Rule("no_import_columns", E, F, N_("Nothing Upflow can import"),
         N_("Nothing in this file would be imported: {detail}."),
         N_("No column of the file is an Upflow column or a custom field of your "
         "organization: it is not an Upflow import (an invoice or payment export, say), or "
         "its header line was not found. A file whose only Upflow columns are identifiers "
         "(Customer ID, External ID, Client ID) counts too: an identifier says which "
         "customer a line is about, but changes nothing on its own."),
         N_("Upflow ignores the columns it does not know, so such a file would import nothing: "
         "it is never ready for Upflow."),
         N_("Check that this is the file you meant to import. If it is, make sure its first "
         "line holds the column names (delete any title lines above them) and name the "
         "columns exactly as Upflow does; the Help page has a blank template for each "
         "import. A file with only an identifier needs at least one column to update, such as "
         "Customer name or a custom field.")),
    Rule("duplicate_header", E, C, N_("Column appears twice"),
         N_("The column '{column}' appears more than once{detail}."),
         N_("Two columns have the same name, or two names for the same Upflow column."),
         N_("Upflow cannot know which of the two columns to use."),
         N_("Delete or rename one of the two columns.")),
    # ── column level ────────────────────────────────────────────────────────────
    Rule("unknown_column", W, C, N_("Unknown column"),
         N_("The column '{column}' is not an Upflow column nor a custom field{detail}."),
         N_("The header matches no Upflow column and no custom field of the organization."),
         N_("Upflow ignores columns it does not know, so this data would not be imported."),
         N_("Rename the header to the exact Upflow column or custom field name, or delete it.")),
    Rule("missing_column", E, C, N_("Mandatory column missing"),
         N_("The column '{column}' is mandatory when the file has {detail} columns."),
         N_("A section of the import is present, but one of its mandatory columns is not."),
         N_("Upflow rejects an import whose mandatory columns are missing."),
         N_("Add the column, with a value on every line of that section.")),
    Rule("synced_custom_field", E, C, N_("Custom field synced from your source system"),
         N_("'{column}' is synced from your source system and cannot be updated by CSV."),
         N_("The column is a custom field managed by your source of truth, not by Upflow."),
         N_("Only Upflow-managed custom fields can be imported; synced ones are overwritten "
         "at the next sync."),
         N_("Remove the column and update the value in your source system instead.")),
    Rule("section_not_allowed", E, C, N_("Not updatable with your source system"),
         N_("Your source system ({detail}) does not let you update '{column}' by CSV."),
         N_("The organization's source system owns this information, so Upflow refuses to "
         "update it from a file."),
         N_("Upflow keeps your billing or CRM tool as the source of truth for these columns."),
         N_("Remove the column and update the value in your source system instead.")),
    Rule("header_alias", I, C, N_("Column name will be standardised"),
         N_("'{column}' is read as '{fix}'; the corrected file uses that exact name."),
         N_("The header is a common variant of an Upflow column or custom field name."),
         N_("Upflow expects the exact column names."),
         N_("Nothing to do: the corrected file uses the exact name.")),
    # ── cell level ──────────────────────────────────────────────────────────────
    Rule("required_missing", E, X, N_("Mandatory value missing"),
         N_("'{column}' is mandatory and empty on this line."),
         N_("A mandatory column is empty on a line of its section."),
         N_("Upflow cannot import the line without it."),
         N_("Fill in the value.")),
    Rule("whitespace", W, X, N_("Extra spaces or line breaks"),
         N_("'{value}' has spaces, non-breaking spaces or line breaks around it or inside it."),
         N_("An identifier, email, workflow or option has invisible characters."),
         N_("Upflow compares these values exactly, so a stray space makes them not match."),
         N_("Remove the extra spaces; the suggested fix does it.")),
    Rule("text_too_long", E, X, N_("Text too long"),
         N_("'{column}' holds {detail} characters; text custom fields hold at most 2,000."),
         N_("A text custom field value is over 2,000 characters."),
         N_("Upflow rejects text custom field values longer than 2,000 characters."),
         N_("Shorten the text.")),
    Rule("number_format", E, X, N_("Not a number Upflow reads"),
         N_("'{value}' is not a plain number with a period for decimals{detail}."),
         N_("Number custom fields take digits, an optional minus sign and a period for decimals."),
         N_("Upflow does not support commas or thousands separators in numbers."),
         N_("Write the number like 1234.56; the suggested fix converts it when it is "
            "unambiguous.")),
    Rule("date_format", E, X, N_("Not a YYYY-MM-DD date"),
         N_("'{value}' is not a date written YYYY-MM-DD{detail}."),
         N_("Date custom fields take only the YYYY-MM-DD format, and a real calendar date."),
         N_("Upflow rejects any other date format."),
         N_("Write the date like 2025-12-31; the suggested fix converts it when the order of day "
         "and month is certain. Choose day-first or month-first when it is not.")),
    Rule("boolean_format", E, X, N_("Not true or false"),
         N_("'{value}' is not true or false{detail}."),
         N_("Boolean custom fields take only true or false (any case)."),
         N_("Upflow rejects other values such as yes/no or 1/0."),
         N_("Write true or false; the suggested fix converts yes/no, 1/0, oui/non and vrai/faux.")),
    Rule("select_option", E, X, N_("Not an existing option"),
         N_("'{value}' is not an option of '{column}'{detail}."),
         N_("Single-select values must be exactly one of the field's existing options "
         "(case and symbols count)."),
         N_("Upflow cannot create new options from a file, so the value is rejected."),
         N_("Use the exact option name, or create the option in Upflow first.")),
    Rule("multi_select_option", E, X, N_("Not an existing option"),
         N_("'{value}' has values that are not options of '{column}'{detail}."),
         N_("Every item of a multi-select value (separated by , or ;) must be an existing option."),
         N_("Upflow cannot create new options from a file, so the value is rejected."),
         N_("Use the exact option names, or create the options in Upflow first.")),
    Rule("email_format", E, X, N_("Not a valid email address"),
         N_("'{value}' is not a valid email address{detail}."),
         N_("The value is not an email address such as name@company.com that Upflow accepts: "
         "before the @, only letters a to z without accents, digits and the symbols + _ ' . -; "
         "after it, only letters, digits, hyphens and dots."),
         N_("Upflow's mail provider refuses any other address (\"This email address is "
         "invalid\"), so Upflow could not send reminders to it or find a member with it."),
         N_("Correct the address: look for spaces, a missing @ or domain, or a character Upflow "
         "does not accept, such as an accented letter (é, ö) or a symbol like #. If the "
         "contact's real address has one, ask them for another address.")),
    Rule("email_uppercase", E, X, N_("Email has capital letters"),
         N_("'{value}' has capital letters; Upflow needs account manager emails in lowercase."),
         N_("An account manager email contains capital letters."),
         N_("Upflow matches member emails exactly, and member emails are lowercase."),
         N_("Write the email in lowercase; the suggested fix does it.")),
    Rule("member_not_found", E, X, N_("Account manager not found"),
         N_("Account manager not found; check the email: {detail}."),
         N_("The email is not the email of a member of your Upflow organization."),
         N_("Upflow can only assign customers to existing members "
         "(\"Account manager not found; check the email.\")."),
         N_("Create the member in Upflow first, or copy their exact email from the Users list.")),
    Rule("member_not_account_manager", E, X, N_("Member is not an account manager"),
         N_("{detail} is a member but does not have the Account manager role."),
         N_("The member exists but has no Account manager role."),
         N_("Upflow only assigns customers to members with the Account manager role."),
         N_("Give the member the Account manager role in Upflow, or choose another member.")),
    Rule("workflow_not_found", E, X, N_("Workflow not found"),
         N_("'{value}' is not the name of an existing workflow{detail}."),
         N_("Workflow names must match an existing workflow exactly (case and symbols count)."),
         N_("Upflow cannot assign a workflow it does not find."),
         N_("Copy the full workflow name from Upflow; the suggested fix does it when exactly one "
         "workflow matches.")),
    Rule("position_invalid", E, X, N_("Position not recognised"),
         N_("'{value}' is not a contact position of the organization{detail}."),
         N_("Position must be one of the organization's contact positions, written exactly "
         "(Upflow's import article lists Accounting, Sales, Purchaser and Payer; each "
         "organization can add, rename and delete its own)."),
         N_("Upflow uses the position to choose reminder recipients and rejects other values."),
         N_("Use one of the organization's positions, as listed in the message; the suggested "
         "fix does it when exactly one position matches.")),
    Rule("main_contact_format", E, X, N_("Main contact must be 1 or empty"),
         N_("'{value}' is not 1 or empty{detail}."),
         N_("Main contact takes 1 on the main contact's line and nothing on the others."),
         N_("Upflow only recognises 1 as a main-contact marker."),
         N_("Write 1 for the main contact and leave the cell empty otherwise.")),
    Rule("main_contact_multiple", E, X, N_("Several main contacts"),
         N_("Customer {detail} has more than one main contact in this file."),
         N_("More than one line marks a main contact for the same customer."),
         N_("A customer has only one main contact; the last line would silently win."),
         N_("Keep 1 on one line of that customer and empty the others.")),
    Rule("customer_not_found", E, X, N_("Customer not found"),
         N_("No customer in Upflow has the ID '{value}', so this line's account manager or "
         "workflow cannot be assigned (Upflow: \"The customer was not found\")."),
         N_("The line assigns an account manager or a workflow to a customer ID that is not one "
         "of your organization's customers, and the file has no customer details (such as "
         "Customer name) with which Upflow would create the customer."),
         N_("Upflow can only assign customers it already has: it rejects the line with \"The "
         "customer was not found\"."),
         N_("Compare the ID with the customer's ID in Upflow (the one from your billing or "
         "accounting tool), and correct it. If the customer is new, import it first, or add "
         "its Customer name to this file so Upflow creates it. If it was created in Upflow "
         "recently, update the known customers in your definitions.")),
    Rule("parent_incomplete", E, X, N_("Parent name and Parent ID go together"),
         N_("'{column}' is empty but the other parent column is filled."),
         N_("A child company's line needs both Parent name and Parent ID, or neither."),
         N_("Upflow cannot link a child to its parent with only half of the information."),
         N_("Fill in both parent columns, or empty both.")),
    Rule("parent_self", E, X, N_("Customer is its own parent"),
         N_("Parent ID '{value}' is the customer's own ID."),
         N_("The line names the customer itself as its parent."),
         N_("A customer cannot be its own parent; Upflow rejects the group."),
         N_("Put the parent company's ID, or empty both parent columns.")),
    Rule("parent_unknown", W, X, N_("Unknown parent"),
         N_("Parent ID '{value}' is not a customer of this file nor a known customer."),
         N_("The Parent ID matches no customer ID in the file or in the organization."),
         N_("Upflow can only attach a child to a parent customer that exists."),
         N_("Check the ID, or import the parent customer first.")),
    Rule("customer_conflict", W, X, N_("Same customer, different values"),
         N_("Another line of customer {detail} has a different '{column}'."),
         N_("Lines of the same customer disagree on a detail, such as two names. Lines are the "
         "same customer when they have the same customer ID, or, for lines without an ID, "
         "the same customer name: Upflow then goes by the name."),
         N_("Upflow keeps only one value: the last line would silently overwrite the others."),
         N_("Make the lines agree, or leave the value empty on the repeated lines.")),
    Rule("duplicate_contact", W, X, N_("Contact listed twice"),
         N_("'{value}' is already a contact of this customer on an earlier line."),
         N_("The same contact email appears twice for the same customer."),
         N_("The second line would overwrite the first one's details."),
         N_("Delete the repeated line, or merge the two lines.")),
    Rule("id_damaged", W, X, N_("Identifier looks damaged"),
         N_("'{value}' looks changed by a spreadsheet{detail}."),
         N_("An identifier looks converted to a number by a spreadsheet: scientific notation, "
         "a trailing .0, or lost leading zeros."),
         N_("A damaged ID matches no customer, so the line would be ignored or create a new "
         "customer."),
         N_("Export the IDs again as text (format the column as Text before pasting).")),
    Rule("formula_like", W, X, N_("Looks like a formula"),
         N_("'{value}' starts with {detail}, so a spreadsheet would run it as a formula."),
         N_("A text value starts with =, +, - or @ and is not a number."),
         N_("Spreadsheets run such values as formulas when the file is opened, which can change "
         "the data or run harmful commands."),
         N_("Check that the value is meant. Upflow imports it as text, exactly as written, "
         "but open the file only in Preflight or Upflow: a spreadsheet program would run "
         "it, and saving from there would keep the result. If it is not meant, rephrase it.")),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def rule(code: str) -> Rule:
    """The catalogue entry of `code`; a KeyError here is a programming error."""
    return RULES[code]
