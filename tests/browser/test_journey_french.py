"""The whole journey in French, as a French finance teammate does it: a browser asking
for French (`fr-FR`) gets every page in French on a French Excel export (French headers,
a title line above them, Windows-1252, `;`), and its screenshots
go to docs/screenshots/fr/ for the README. Expected labels come from the catalogue (in
French) and must differ from the English ones, so the test proves the page is French
without copying the translations."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from checks import apply_fixes, check_table, demo_definitions, export_csv, read_table
from checks.i18n import _, use_language
from tests.browser.conftest import ROOT, open_with_file, screenshot, wait_for_app

FRENCH_EXPORT = ROOT / "samples" / "clients_fr_export.csv"


def french(english: str) -> str:
    with use_language("fr"):
        translated = _(english)
    assert translated != english, f"no French for {english!r}"
    return translated


def go_to(tab: Page, english_title: str) -> None:
    title = french(english_title)
    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    expect(tab.get_by_role("heading", name=title, level=1)).to_be_visible()
    wait_for_app(tab)


def test_the_journey_in_french(browser: Browser, served_app: str, tmp_path: Path) -> None:
    with use_language("fr"):
        engine = check_table(read_table(FRENCH_EXPORT.read_bytes(), FRENCH_EXPORT.name),
                             demo_definitions())
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR",
                                  accept_downloads=True)
    try:
        tab = open_with_file(context, served_app, FRENCH_EXPORT)
        expect(tab.get_by_role("heading", name=french("Check a file"), level=1)).to_be_visible()
        expect(tab.get_by_text(french("Errors"), exact=True).first).to_be_visible()
        with use_language("fr"):
            found = _("Header found on row {row}; rows 1–{last} are skipped.").format(
                row=3, last=2)
        expect(tab.get_by_text(found).first).to_be_visible()
        assert "unknown_column" not in set(engine.findings["rule"])  # French headers known
        screenshot(tab, "fr/check")

        go_to(tab, "Fix & export")
        ready = french("Ready for Upflow: no errors remain. Download the corrected file below.")
        expect(tab.get_by_text(ready.split(":")[0].strip()).first).to_be_visible()
        screenshot(tab, "fr/fix")
        with tab.expect_download() as download:
            tab.get_by_role("button", name=french("Corrected file (CSV)")).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_bytes() == export_csv(apply_fixes(engine).table, engine.mapping)

        go_to(tab, "Dashboard")
        expect(tab.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first) \
            .to_be_visible()
        screenshot(tab, "fr/dashboard")
        go_to(tab, "History")
        screenshot(tab, "fr/history")
        go_to(tab, "Identifier match")
        for key, sample in (("match_left_upload", "billing_export.csv"),
                            ("match_right_upload", "salesforce_export.csv")):
            tab.locator(f".st-key-{key} [data-testid='stFileUploaderDropzoneInput']") \
                .set_input_files(str(ROOT / "samples" / sample))
            wait_for_app(tab)
        tab.locator(".st-key-match_chart").scroll_into_view_if_needed()
        expect(tab.locator(".st-key-match_chart .main-svg").first).to_be_visible()
        wait_for_app(tab)
        screenshot(tab, "fr/match")
        go_to(tab, "Definitions")
        screenshot(tab, "fr/definitions")
        go_to(tab, "Help & templates")
        screenshot(tab, "fr/help")
    finally:
        context.close()
