"""The Check, Fix & export and Dashboard pages in French: a session whose language is
French sees French titles, labels, metrics, tables, charts and downloads, and none of
the English texts they replace; the sidebar switch brings English back.

AppTest works out each widget's state by calling its `format_func` in the test's own
thread, whose language is not the session's: every test speaks the language of the page
it drives (`speaking`), as the browser would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from checks import RULES, DateOrder, check_table, demo_definitions, read_table
from checks.i18n import _, number, set_language, use_language
from checks.views import rows_with_errors
from tests.app.conftest import APP, SAMPLES
from tests.app.downloads import download, record_media

FRENCH_FILE = "customers_french.csv"   # a French export: ; separated, Windows-1252, 1 234,56
MESSY = "customers_messy.csv"          # errors no safe fix removes
NBSP = "\u00a0"

#: English texts of the three pages that must not show in French (whole texts of an
#: element: a title, a label, a caption, a table's column title, a coded word). Words
#: French writes the same ("Section", "Page", "exact", "message") are left out.
ENGLISH = {
    # check page
    "Check a file", "Spreadsheet to check", "Header row", "Separator", "Detect",
    "Dates such as 03/04/2025", "Never guess", "Rows", "Rows with errors", "Errors",
    "Warnings", "What this file updates", "Column mapping", "How each header was understood",
    "Change the mapping", "(as detected)", "(ignore this column)", "File and column problems",
    "Your data", "Problems only", "Rules", "Columns", "Rows per page", "Problems by rule",
    "Explain a rule", "Fix & export", "Will update", "Blocked", "Why", "Header",
    "Understood as", "How", "Column", "Rule", "Title", "Severity", "Findings", "row", "column",
    "value", "rule", "severity", "fix", "error", "warning", "info", "unknown", "nothing",
    "Red cells: errors · amber cells: warnings, also said in words in the “Status” column. "
    "Select a row to see its problems.", "Status", "no problem",
    "Row", "Value", "Details", "Suggested fix", "Times found", "Error", "Warning",
    "Red: error · amber: warning. Select a row to see its problems.",
    # fix page
    "Safe fixes", "Correct the rest by hand", "Download", "What still needs a person",
    "Line endings", "Keep my column names", "Start with a byte order mark (for Excel)",
    "Corrected file (CSV)", "Error report (Excel)", "Findings (CSV)", "Clean lines only (CSV)",
    "Mac and Linux (LF)", "The corrected lines:", "before", "after", "Before", "After",
    "Undo", "Redo", "Reset", "Undo this one", "To correct", "Leave out of the corrected file",
    "For people: reports and parts of the file", "Your changes (0)", "Your changes (1)",
    # dashboard
    "Dashboard", "Clean lines", "Lines checked", "Show the findings of", "In the column",
    "All problems", "All columns", "What the problems are", "Where they are",
    "How complete the columns are", "What the safe fixes change", "Dashboard (HTML)",
    "Which problems come up most", "Which columns have problems", "Where the problems are",
    "How complete each column is", "Before and after the safe fixes", "Number of findings",
    "Problem", "Spreadsheet rows", "Filled cells (%)", "Mandatory", "Optional", "Notes",
    "Before fixes", "After fixes",
}


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """The test's thread speaks `code`, as the session whose widgets it drives."""
    with use_language(code):
        yield


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def upload(at: AppTest, name: str = FRENCH_FILE) -> AppTest:
    data = (SAMPLES / name).read_bytes()
    at.file_uploader(key="check_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    """Every text the page shows: titles, captions, messages, metrics, widget labels,
    help and options, expanders, tabs, tables' column titles, buttons."""
    found: list[str] = []
    for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "success",
                 "error", "text"):
        found += [element.proto.body for element in at.get(kind)]
    for metric in at.metric:
        found += [metric.label, metric.value, metric.proto.help]
    for kind in ("selectbox", "multiselect", "radio", "toggle", "number_input",
                 "file_uploader", "download_button", "button", "expander", "tabs"):
        for element in at.get(kind):
            proto = element.proto
            found += [proto.label, getattr(proto, "help", "")]
            found += list(getattr(proto, "options", []))
    for frame in at.dataframe:
        found += [str(title) for title in frame.value.columns]
        found += [str(frame.value.index.name or "")]
    return [text for text in found if text]


def charts(at: AppTest) -> dict[str, dict]:
    return {chart.key: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}


def assert_no_english(at: AppTest) -> None:
    shown = texts(at)
    assert sorted(ENGLISH & set(shown)) == []


def frame(at: AppTest, key: str):
    return at.get_by_key(key).dataframe[0].value


# ── check ──────────────────────────────────────────────────────────────────────────

def test_the_check_page_asks_for_a_file_in_french(french: AppTest) -> None:
    assert [t.value for t in french.title] == ["Vérifier un fichier"]
    assert french.file_uploader(key="check_upload").proto.label == "Fichier à vérifier"
    assert [i.value for i in french.info] == [
        "Déposez un fichier CSV, XLSX, XLS ou ODS pour le vérifier."]
    assert_no_english(french)


def test_the_check_page_in_french(french: AppTest) -> None:
    at = upload(french)
    with use_language("fr"):
        data = (SAMPLES / FRENCH_FILE).read_bytes()
        result = check_table(read_table(data, FRENCH_FILE), demo_definitions())
    summary = result.summary
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics == {"Lignes": number(result.table.rows),
                       "Lignes avec erreurs": number(rows_with_errors(result.findings)),
                       "Erreurs": number(summary.errors),
                       "Avertissements": number(summary.warnings)}
    assert [w.value for w in at.warning][0].startswith(
        f"{summary.errors} erreurs à corriger avant l'import.")
    assert {s.value for s in at.subheader} >= {"Vos données", "Problèmes par règle"}
    detection = next(c.value for c in at.caption if c.value.startswith(f"Fichier{NBSP}:"))
    assert f"Séparateur{NBSP}:" in detection and f"Lignes{NBSP}: {result.table.rows}" in detection
    assert list(frame(at, "check_mapping_table").columns) == [
        "Colonne", "En-tête", "Compris comme", "Comment"]  # no suggestion: no column
    assert set(frame(at, "check_mapping_table")["Comment"]) <= {
        "exact", "tolérant", "alias", "votre choix", "ignoré", "doublon", "inconnu"}
    listed = frame(at, "check_findings")
    assert list(listed.columns)[:6] == [
        "Ligne", "Colonne", "Valeur", "Problème", "Gravité", "Détails"]
    assert set(listed["Gravité"]) <= {"Erreur", "Avertissement", "Information"}
    assert set(listed["Problème"]) <= {_(RULES[code].title) for code in result.findings["rule"]}
    assert list(frame(at, "check_by_rule").columns) == ["Problème", "Gravité", "Occurrences"]
    assert at.dataframe(key="check_grid").value.index.name == "Ligne"
    assert at.selectbox(key="check_map_0").options[:2] == [
        "(comme détecté)", "(ignorer cette colonne)"]
    assert at.selectbox(key="check_date_order").options == [
        "Ne jamais deviner", "Jour d'abord (31/12/2025)", "Mois d'abord (12/31/2025)"]
    assert_no_english(at)


def test_french_choices_keep_their_values(french: AppTest) -> None:
    """A choice shows in French but keeps its value: ignoring a column and filtering by a
    rule work as they do in English."""
    at = upload(french)
    at.selectbox(key="check_map_3").set_value("(ignore this column)").run()
    assert not at.exception, at.exception
    understood = frame(at, "check_mapping_table")
    assert understood.loc[3, "Compris comme"] == "ignoré"
    assert understood.loc[3, "Comment"] == "ignoré"
    at.multiselect(key="check_rules").set_value(["date_format"]).run()
    assert not at.exception, at.exception
    assert set(frame(at, "check_findings")["Problème"]) == {_(RULES["date_format"].title)}
    where = next(c.value for c in at.caption if c.value.startswith("Lignes "))
    assert re.fullmatch(r"Lignes \d+ à \d+ sur \d+ affichées · page 1 sur 1", where)


# ── fix ────────────────────────────────────────────────────────────────────────────

def test_the_fix_page_in_french(french: AppTest, media: list) -> None:
    at = open_page(upload(french), "fix")
    assert [t.value for t in at.title] == ["Corriger et exporter"]
    assert [s.value for s in at.subheader][:2] == ["Corrections sans risque",
                                                   "Corriger le reste à la main"]
    assert "Télécharger" in [s.value for s in at.subheader]
    caption = at.caption[0].value
    assert re.fullmatch(rf"{FRENCH_FILE}{NBSP}: 5 lignes, \d+ erreurs et \d+ avertissements? "
                        r"avant correction\.", caption), caption
    for toggle in at.toggle:
        if toggle.key.startswith("fix_toggle_"):
            assert re.search(r"\(\d+ cellules?\)$", toggle.label), toggle.label
    assert [s.value for s in at.success] == [
        f"Prêt pour Upflow{NBSP}: il ne reste aucune erreur. Téléchargez le fichier corrigé "
        "ci-dessous."]
    assert [b.proto.label for b in at.get("download_button")] == [
        "Fichier corrigé (CSV)", "Rapport d'erreurs (Excel)", "Problèmes (CSV)",
        "Lignes en erreur uniquement (0)", "Lignes sans erreur uniquement (CSV)"]
    assert at.radio(key="fix_line_ending").options == ["Windows (CRLF)", "Mac et Linux (LF)"]
    assert download(at, "fix_download_csv", media).file_name == "customers_french_corrigé.csv"
    assert download(at, "fix_download_report", media).file_name == (
        "customers_french_rapport.xlsx")
    assert_no_english(at)


def test_the_errors_left_are_counted_in_french(french: AppTest) -> None:
    at = open_page(upload(french, MESSY), "fix")
    remain = [w.value for w in at.warning if "rest" in w.value]
    assert len(remain) == 1
    assert re.match(r"\d+ erreurs? rest(e|ent) sur \d+ lignes?\. Corrigez-l(a|es) ci-dessous",
                    remain[0]), remain[0]
    assert_no_english(at)


def test_undo_the_editor_and_the_downloads_speak_french(french: AppTest) -> None:
    at = open_page(upload(french, MESSY), "fix")
    assert [b.proto.label for b in at.button if b.key in ("fix_undo", "fix_redo", "fix_reset")
            ] == ["Annuler", "Rétablir", "Réinitialiser"]
    editor = next(e for e in at.data_editor if e.key.startswith("fix_editor_"))
    assert list(editor.value.columns[:2]) == ["À corriger", "État"]
    assert editor.value.loc[5, "À corriger"].startswith(
        f"Customer name{NBSP}: Valeur obligatoire manquante")
    assert json.loads(editor.proto.columns)["Customer name"]["label"] == (
        "Customer name · 1 à corriger")
    at.toggle(key="fix_toggle_dates").set_value(False).run()
    assert not at.exception, at.exception
    assert at.button(key="fix_undo").proto.help.replace("\\", "") == (
        f"Annuler{NBSP}: Correction sans risque «{NBSP}Écrire les dates au format "
        f"AAAA-MM-JJ{NBSP}» désactivée")
    assert "Vos modifications (1)" in [s.value for s in at.subheader]
    assert [e.label for e in at.expander if e.label.startswith("À lire")] == [
        f"À lire ou à partager{NBSP}: rapports et parties du fichier"]
    assert at.multiselect(key="fix_leave_out").proto.label == "Laisser hors du fichier corrigé"
    assert_no_english(at)


def test_a_reloaded_tab_is_told_in_french() -> None:
    with use_language("fr"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["language"] = "fr"
        at.query_params["file"] = "1"
        at.run()
        assert not at.exception, at.exception
        assert [w.value for w in at.warning] == [
            "Cet onglet a été rechargé, le fichier que vous aviez déposé et vos corrections ont "
            f"donc disparu{NBSP}: Preflight ne garde votre fichier que tant que cet onglet est "
            f"ouvert. Déposez-le à nouveau{NBSP}; votre correspondance des colonnes et vos "
            "choix reviennent avec la recette."]


# ── dashboard ──────────────────────────────────────────────────────────────────────

def test_the_dashboard_in_french(french: AppTest, media: list) -> None:
    at = open_page(upload(french), "dashboard")
    assert [t.value for t in at.title] == ["Tableau de bord"]
    metrics = {metric.label: metric.value for metric in at.metric}
    assert list(metrics) == ["Lignes sans erreur", "Lignes vérifiées", "Erreurs",
                             "Avertissements"]
    assert metrics["Lignes sans erreur"].endswith(f"{NBSP}%")
    figures = charts(at)
    assert [figure["layout"]["title"]["text"] for figure in figures.values()] == [
        "Les problèmes les plus fréquents", "Les colonnes qui ont des problèmes",
        "Où sont les problèmes", "Remplissage de chaque colonne",
        "Avant et après les corrections sans risque"]
    legend = {trace.get("name") for figure in figures.values() for trace in figure["data"]}
    assert legend - {None} <= {"Erreurs", "Avertissements", "Informations", "Obligatoire",
                               "Facultative", "Avant corrections", "Après corrections"}
    hover = " ".join(trace.get("hovertemplate", "") for figure in figures.values()
                     for trace in figure["data"])
    assert "findings" not in hover and "problèmes" in hover
    assert at.selectbox(key="dashboard_rule").options[0] == "Tous les problèmes"
    assert list(frame(at, "dashboard_findings").columns) == [
        "Ligne", "Colonne", "Problème", "Gravité", "Détails"]
    at.selectbox(key="dashboard_rule").set_value("date_format").run()
    assert not at.exception, at.exception
    assert any(re.fullmatch(r"\d+ problèmes? sur \d+ correspond(ent)? aux filtres\.", c.value)
               for c in at.caption)
    assert_no_english(at)
    with use_language("en"):   # Streamlit builds the file in a thread of its own
        served = download(at, "dashboard_download", media)
    assert served.file_name == "customers_french_tableau_de_bord.html"
    page = served.content.decode()
    assert '<html lang="fr">' in page
    assert f"<title>Tableau de bord Preflight{NBSP}: {FRENCH_FILE}</title>" in page
    assert "Lignes sans erreur" in page and "Clean lines" not in page
    assert json.dumps("Les problèmes les plus fréquents") in page  # as plotly writes it


# ── switching back ─────────────────────────────────────────────────────────────────

def test_the_sidebar_switch_brings_english_back(french: AppTest) -> None:
    at = upload(french)
    assert [t.value for t in at.title] == ["Vérifier un fichier"]
    at.selectbox(key="check_date_order").set_value(DateOrder.DAY_FIRST).run()
    at.toggle(key="check_only_problems").set_value(True).run()
    at.switch_page("app.py").run()          # the app again, with its sidebar
    assert not at.exception, at.exception
    at.sidebar.selectbox(key="language").set_value("en").run()
    assert not at.exception, at.exception
    set_language("en")                      # the test now drives an English page
    assert [t.value for t in at.title] == ["Check a file"]
    assert [m.label for m in at.metric] == ["Rows", "Rows with errors", "Errors", "Warnings"]
    assert "Your data" in [s.value for s in at.subheader]
    assert list(frame(at, "check_findings").columns)[:3] == ["Row", "Column", "Value"]
    assert not {"Vérifier un fichier", "Lignes", "Vos données"} & set(texts(at))
    # The choices made in French stay: they are values, not the words that show them.
    assert at.selectbox(key="check_date_order").value == DateOrder.DAY_FIRST
    assert at.selectbox(key="check_date_order").proto.options[1] == "Day first (31/12/2025)"
    assert at.toggle(key="check_only_problems").value is True
    at.run()                                # and stays English
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Check a file"]
    at = open_page(at, "fix")
    assert [t.value for t in at.title] == ["Fix & export"]
    assert "Safe fixes" in [s.value for s in at.subheader]
