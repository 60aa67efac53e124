"""The engine speaks the current language: a check run in French gives French messages,
notices and errors, the English run stays what it always was, and what programs read
(rule codes, severities, rows, columns, values, fixes) does not depend on the language."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from checks import check_table, demo_definitions, read_table
from checks.i18n import use_language
from checks.model.errors import DefinitionsError
from checks.model.findings import FINDING_COLUMNS
from checks.model.rules import RULES
from checks.model.rules_doc import render_rules_markdown
from checks.read import notices

DEFS = demo_definitions()
NBSP = "\u00a0"

#: Title lines above the header, a missing customer name, a bad email, an option with
#: a fix and one without, dates with a fix, an unknown column.
TEXT = ("Export clients\n\n"
        "Customer name;Customer ID;Contact email address;Segment;Contract end;Foo\n"
        "Acme;C1;bob@@x.fr;smb;31/12/2025;x\n"
        ";C2;jöhn@x.fr;Gold;03/04/2025;y\n")

ENGLISH = [
    ("unknown_column", "The column 'Foo' is not an Upflow column nor a custom field."),
    ("email_format", "'bob@@x.fr' is not a valid email address (it has more than one @)."),
    ("select_option", "'smb' is not an option of 'Segment' (did you mean 'SMB'?)."),
    ("date_format",
     "'31/12/2025' is not a date written YYYY-MM-DD (did you mean '2025-12-31'?)."),
    ("required_missing", "'Customer name' is mandatory and empty on this line."),
    ("email_format", "'jöhn@x.fr' is not a valid email address (it contains 'ö', which "
                     "Upflow's mail provider does not accept)."),
    ("select_option", "'Gold' is not an option of 'Segment' (the options are 'SMB', "
                      "'Mid-market', 'Enterprise' and 'Public sector')."),
    ("date_format",
     "'03/04/2025' is not a date written YYYY-MM-DD (did you mean '2025-04-03'?)."),
]


def _q(text: str) -> str:
    """A value quoted the French way."""
    return f"«{NBSP}{text}{NBSP}»"


FRENCH = [
    ("unknown_column",
     f"La colonne {_q('Foo')} n'est ni une colonne Upflow ni un champ personnalisé."),
    ("email_format",
     f"{_q('bob@@x.fr')} n'est pas une adresse e-mail valide (elle contient plus d'un @)."),
    ("select_option", f"{_q('smb')} n'est pas une option de {_q('Segment')} "
                      f"(vouliez-vous dire {_q('SMB')}{NBSP}?)."),
    ("date_format", f"{_q('31/12/2025')} n'est pas une date écrite AAAA-MM-JJ "
                    f"(vouliez-vous dire {_q('2025-12-31')}{NBSP}?)."),
    ("required_missing", f"{_q('Customer name')} est obligatoire et vide sur cette ligne."),
    ("email_format", f"{_q('jöhn@x.fr')} n'est pas une adresse e-mail valide (elle contient "
                     f"{_q('ö')}, que le service d'envoi d'e-mails d'Upflow n'accepte pas)."),
    ("select_option", f"{_q('Gold')} n'est pas une option de {_q('Segment')} (les options "
                      f"sont {_q('SMB')}, {_q('Mid-market')}, {_q('Enterprise')} et "
                      f"{_q('Public sector')})."),
    ("date_format", f"{_q('03/04/2025')} n'est pas une date écrite AAAA-MM-JJ "
                    f"(vouliez-vous dire {_q('2025-04-03')}{NBSP}?)."),
]


def _run(language: str):
    with use_language(language):
        table = read_table(TEXT.encode(), "clients.csv")
        return table, check_table(table, DEFS)


def _messages(result) -> list[tuple[str, str]]:
    findings = result.findings
    return list(zip(findings["rule"], findings["message"], strict=True))


def test_a_check_in_french_says_every_message_in_french() -> None:
    _table, result = _run("fr")
    assert _messages(result) == FRENCH


def test_the_english_check_is_unchanged_before_and_after_a_french_one() -> None:
    before = _messages(_run("en")[1])
    _run("fr")
    after = _messages(_run("en")[1])
    assert before == after == ENGLISH


def test_what_programs_read_does_not_depend_on_the_language() -> None:
    published = [name for name in FINDING_COLUMNS if name != "message"]
    english = _run("en")[1].findings[published]
    french = _run("fr")[1].findings[published]
    assert english.equals(french)
    assert set(french["severity"]) <= {"error", "warning", "info"}
    assert set(french["rule"]) <= set(RULES)


def test_the_header_notice_in_both_languages() -> None:
    english, _result = _run("en")
    french, _result = _run("fr")
    with use_language("en"):
        assert notices(english) == ["Header found on row 3; rows 1–2 are skipped."]
    with use_language("fr"):
        assert notices(french) == [
            f"Ligne d'en-tête trouvée à la ligne 3{NBSP}; les lignes 1 à 2 sont ignorées."]


def _damaged_xlsx() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook")  # cut off: not XML
    return data.getvalue()[:-30]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "This XLSX workbook cannot be opened: it is damaged or incomplete (perhaps cut off "
           "while downloading). Open it in Excel and save it again as XLSX or CSV UTF-8."),
    ("fr", f"Ce classeur XLSX ne peut pas être ouvert{NBSP}: il est abîmé ou incomplet "
           "(peut-être coupé pendant le téléchargement). Ouvrez-le dans Excel et "
           "enregistrez-le à nouveau en XLSX ou en CSV UTF-8."),
])
def test_a_damaged_workbook_is_explained_in_the_language(language: str, expected: str) -> None:
    with use_language(language):
        findings = read_table(_damaged_xlsx(), "clients.xlsx").findings
    assert list(findings["rule"]) == ["file_unreadable"]
    assert list(findings["message"]) == [expected]


def test_a_line_with_the_wrong_number_of_cells_in_french() -> None:
    with use_language("fr"):
        findings = read_table(b"Customer name;Customer ID\nAcme;C1;extra\n", "f.csv").findings
    assert list(findings["rule"]) == ["ragged_row"]
    assert list(findings["message"]) == [
        "Cette ligne a 3 cellules alors que la ligne d'en-tête en a 2."]


def test_definitions_problems_in_french() -> None:
    from checks.definitions.document import parse_definitions

    with use_language("fr"), pytest.raises(DefinitionsError) as raised:
        parse_definitions("organization: ''\nfoo: 1\n")
    assert raised.value.message == (
        f"Les définitions ne sont pas valides{NBSP}: clé inconnue {_q('foo')}{NBSP}; "
        f"{_q('organization')} doit être un nom non vide.")
    assert raised.value.code == "bad_definitions"


def test_the_error_report_is_written_in_the_language() -> None:
    from checks import error_report

    _table, result = _run("fr")
    with use_language("fr"):
        data = error_report(result)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Données", "Problèmes", "Résumé", "Aperçu de l'import"]
    findings = book["Problèmes"]
    assert [cell.value for cell in findings[1]] == [
        "Ligne", "Colonne", "Valeur", "Règle", "Gravité", "Message", "Correction proposée"]
    assert findings[2][3].value in RULES  # rule codes stay codes
    assert book["Résumé"]["A1"].value == "Rapport d'erreurs Preflight"


def test_rule_help_follows_the_language_and_the_docs_stay_english() -> None:
    rule = RULES["email_format"]
    with use_language("fr"):
        assert rule.help.startswith("La valeur n'est pas une adresse e-mail")
        markdown = render_rules_markdown()
    with use_language("en"):
        assert markdown == render_rules_markdown()
    assert "### `email_format` (error): Not a valid email address" in markdown
