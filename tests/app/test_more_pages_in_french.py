"""Identifier match, History, Definitions and Help & templates in French: a session whose
language is French (chosen before the first run, as the sidebar's switch keeps it) gets
the pages' titles, labels and messages in French, and none of their English ones.

Rule texts are the catalogue's (`checks.RULES`), translated where the catalogue is
marked; these tests read the translation the catalogue has rather than expecting one."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from checks import RULES
from checks.i18n import _, use_language
from tests.app.test_history_page import FIRST, upload
from tests.app.test_match_page import BILLING, SALESFORCE
from tests.app.test_match_page import upload as upload_both

NBSP = "\u00a0"


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def said(at: AppTest) -> str:
    """Everything written on the page: titles, headings, alerts, captions, markdown,
    and the labels of its widgets."""
    parts = [element.value for kind in ("title", "subheader", "markdown", "caption", "info",
                                        "warning", "error", "success")
             for element in at.get(kind)]
    parts += [widget.label for kind in ("selectbox", "text_input", "number_input",
                                        "date_input", "button", "radio", "metric",
                                        "expander", "checkbox")
              for widget in at.get(kind)]
    return "\n".join(str(part) for part in parts)


# ── Identifier match ────────────────────────────────────────────────────────────────

def test_the_match_page_speaks_french_before_and_after_the_files(french: AppTest) -> None:
    at = open_page(french, "match")
    assert at.title[0].value == "Rapprochement des identifiants"
    assert [i.value for i in at.info] == [
        "Déposez les deux exports pour voir quels clients seront rapprochés."]
    uploaders = {u.label for u in at.get("file_uploader")}
    assert uploaders == {"Export de l'outil de facturation", "Export Salesforce"}

    at = upload_both(at, BILLING, SALESFORCE)
    text = said(at)
    assert "Identifiants rapprochés" in {m.label for m in at.metric}
    assert "Lignes sans identifiant" in {m.label for m in at.metric}
    assert at.metric[0].value == "3 sur 8"
    assert "À corriger" in [s.value for s in at.subheader]
    assert "Télécharger" in [s.value for s in at.subheader]
    assert at.selectbox(key="match_class").label == "Afficher"
    assert at.selectbox(key="match_left_column").label == (
        "Colonne d'identifiant dans l'outil de facturation")
    assert f"3 identifiants sur 8 rapprochés{NBSP}; 1 ligne n'en a pas." in text
    for english in ("Identifier match", "What to fix", "Identifiers that match",
                    "Upload both exports", "Header row", "Why these columns",
                    "Lines without an identifier", "Only in"):
        assert english not in text, english


def test_the_match_problems_and_advice_are_in_french(french: AppTest) -> None:
    at = upload_both(open_page(french, "match"), BILLING, SALESFORCE)
    problems = at.get_by_key("match_problems").dataframe[0].value
    assert list(problems.columns[:4]) == ["Identifiant", "Problème", "L'autre côté a",
                                          "Ce qui diffère"]
    assert {"Uniquement dans Salesforce", "Uniquement dans l'outil de facturation",
            "Sans identifiant", "En double"} <= set(problems["Problème"])
    assert "(pas d'identifiant)" in set(problems["Identifiant"])
    pairs = at.get_by_key("match_pairs").dataframe[0].value
    assert pairs.to_dict("records") == [{
        "Dans l'outil de facturation": "a-4·", "Dans Salesforce": "A-4",
        "Problème": "Presque identique (espaces, majuscules, zéros)",
        "Ce qui diffère": "espaces, majuscules"}]
    advice = at.get_by_key("match_advice").markdown[0].value
    assert f"- Uniquement dans Salesforce{NBSP}: 2. Ajoutez chacun dans l'outil de " \
           "facturation" in advice
    assert "Only in" not in advice and "Add each" not in advice
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Classement complet (CSV)",
                      "Lignes à corriger dans l'outil de facturation (CSV)",
                      "Lignes à corriger dans Salesforce (CSV)"]


# ── History ─────────────────────────────────────────────────────────────────────────

def test_an_empty_history_is_in_french(french: AppTest) -> None:
    at = open_page(french, "history")
    assert at.title[0].value == "Historique"
    assert at.info[0].value.startswith("Aucun fichier n'a encore été vérifié.")
    assert "No file has been checked" not in said(at)


def test_the_history_lists_a_check_in_french(french: AppTest) -> None:
    at = open_page(upload(french, "first.csv", FIRST), "history")
    text = said(at)
    assert "Fichiers vérifiés (1)" in [s.value for s in at.subheader]
    assert "Erreurs et avertissements par fichier" in [s.value for s in at.subheader]
    assert at.selectbox(key="history_organization").options[0] == "Toutes les organisations"
    assert at.text_input(key="history_file").label == "Le nom du fichier contient"
    listed = at.get_by_key("history_list").dataframe[0].value
    assert list(listed.columns) == ["Vérifié le", "Fichier", "Lignes", "Colonnes", "Erreurs",
                                    "Avertissements", "Infos", "Organisation",
                                    "Révision des définitions"]
    assert at.get("download_button")[0].label == "Télécharger cette liste (CSV)"
    for english in ("Every organization", "Checked between", "File name contains",
                    "Errors and warnings per file", "Files checked (1)"):
        assert english not in text, english


# ── Definitions ─────────────────────────────────────────────────────────────────────

def test_the_definitions_page_speaks_french(french: AppTest) -> None:
    at = open_page(french, "definitions")
    text = said(at)
    assert at.title[0].value == "Définitions"
    assert [tab.label for tab in at.tabs] == ["Modifier", "Importer un fichier",
                                              "Charger depuis une URL", "Exporter"]
    assert at.text_input(key="definitions_name").label == "Nom de l'organisation"
    assert at.text_input(key="definitions_source_system_shown").label == "Système source"
    for heading in ("Champs personnalisés", "Membres et rôles", "Workflows", "Clients connus",
                    "Postes de contact"):
        assert heading in [s.value for s in at.subheader], heading
    assert "Les définitions sont en lecture seule" in text
    assert "Révisions enregistrées" in text
    tables = [list(frame.value.columns) for frame in at.dataframe]
    assert ["quoi", "colonnes", "modifiable par CSV"] in tables
    for english in ("Organization name", "Custom fields", "Members and roles",
                    "Known customers", "Contact positions", "read-only", "Saved revisions",
                    "Import a file"):
        assert english not in text, english


# ── Help & templates ────────────────────────────────────────────────────────────────

def test_the_help_page_speaks_french(french: AppTest) -> None:
    at = open_page(french, "help")
    text = said(at)
    assert at.title[0].value == "Aide et modèles"
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert headings == ["#### Sur le fichier entier", "#### Sur une colonne",
                        "#### Sur les valeurs des cellules"]
    assert at.text_input(key="help_search").label == "Chercher dans les règles"
    assert at.radio(key="help_separator").label == "Séparateur"
    assert "**Ce que cela signifie.**" in text and "**Comment corriger.**" in text
    severities = {expander.label.rsplit(" · ", 1)[1] for expander in at.expander}
    assert severities == {"erreur", "avertissement", "info"}
    templates = [button.label for button in at.get("download_button")]
    assert f"Modèle «{NBSP}Détails{NBSP}»" in templates
    for english in ("What each check means", "Search the rules", "Blank import templates",
                    "About the whole file", "**What it means.**", "Help & templates"):
        assert english not in text, english


def listed_codes(at: AppTest) -> list[str]:
    return [expander.label.split("`")[1] for expander in at.expander]


def test_the_french_help_search_reads_the_rules_in_french(french: AppTest) -> None:
    at = open_page(french, "help")
    with use_language("fr"):
        title = _(RULES["date_format"].title)  # "Not a YYYY-MM-DD date", in French
    at.text_input(key="help_search").input(title.casefold()).run()
    assert not at.exception, at.exception
    assert "date_format" in listed_codes(at)
    # What a French user types (issue 16: "date invalide" found nothing).
    at.text_input(key="help_search").input("date invalide").run()
    assert "date_format" in listed_codes(at)
    # The severity is searched as the page names it: French words find French rules.
    at.text_input(key="help_search").input("avertissement").run()
    found = listed_codes(at)
    warnings = {code for code, rule in RULES.items() if rule.severity.value == "warning"}
    assert warnings <= set(found)
    # Nothing matches: the French message says so.
    at.text_input(key="help_search").input("facture impayée").run()
    assert not listed_codes(at)
    assert at.info[0].value == "Aucune règle ne correspond à votre recherche."
