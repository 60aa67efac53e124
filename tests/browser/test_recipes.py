"""The weekly journey in a real browser: upload a file, map a column once, reload the
tab (which loses the session and the file), upload the same file again, and see the
mapping back with the recipe's notice.

The app is served on a store of its own, so the recipe this test saves never reaches
the other browser tests' files."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CHECK_UPLOAD,
    ROOT,
    choose_option,
    open_with_file,
    serving,
    wait_for_app,
)

FRENCH_EXPORT = ROOT / "samples" / "clients_fr_export.csv"
IGNORE = "(ignore this column)"


def mapping_picker(tab: Page, position: int):
    """The mapping picker of a column, in the *Column mapping* expander's second tab."""
    title = tab.locator("summary").get_by_text("Column mapping", exact=True)
    expander = tab.get_by_test_id("stExpander").filter(has=title)
    picker = expander.locator(f".st-key-check_map_{position}")
    if not picker.is_visible():
        title.click()
        expander.get_by_role("tab", name="Change the mapping").click()
    picker.scroll_into_view_if_needed()
    expect(picker).to_be_visible()
    return picker


def test_the_mapping_comes_back_after_a_reload(browser: Browser, tmp_path: Path) -> None:
    with serving(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            tab = open_with_file(context, url, FRENCH_EXPORT)
            expect(tab.get_by_text("Using the recipe")).to_have_count(0)
            picker = mapping_picker(tab, 6)
            expect(picker.get_by_role("combobox")).to_have_value("(as detected)")
            choose_option(tab, picker.get_by_role("combobox"), IGNORE)
            expect(tab.get_by_text("Your choices for this file are saved as the recipe")) \
                .to_be_visible()

            tab.reload()
            wait_for_app(tab)
            expect(tab.get_by_text("Upload a CSV, XLSX, XLS or ODS file to check it.")) \
                .to_be_visible()  # the reload lost the session and its file
            reloaded = tab.get_by_text("This tab was reloaded, so the file you uploaded")
            expect(reloaded).to_be_visible()  # and says so
            expect(reloaded).to_contain_text("come back with the recipe")
            tab.set_input_files(CHECK_UPLOAD,
                                str(FRENCH_EXPORT))
            expect(tab.get_by_test_id("stMetric").first).to_be_visible()
            wait_for_app(tab)
            notice = tab.get_by_text("Using the recipe “clients_fr_export” saved on")
            notice.scroll_into_view_if_needed()
            expect(notice).to_be_visible()
            expect(notice).to_contain_text("by someone on the team (1 column ignored)")
            expect(mapping_picker(tab, 6).get_by_role("combobox")).to_have_value(IGNORE)
            expect(tab.get_by_text("This tab was reloaded")).to_have_count(0)
            expect(tab.get_by_role("button", name="Forget this recipe")).to_be_visible()
        finally:
            context.close()
