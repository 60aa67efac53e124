"""The whole journey in a real browser: upload a messy export, see the bad cells
highlighted, apply the safe fixes, download the corrected file, and check that the
downloaded file passes; then match two exports' identifiers. Screenshots of every page go
to docs/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import Page, expect

from checks import (
    apply_fixes,
    check_table,
    demo_definitions,
    export_csv,
    import_preview,
    match_identifiers,
    read_table,
    suggest_columns,
)
from checks.export.preview import preview_sentences
from tests.browser.conftest import ADMIN_PASSWORD, CHECK_UPLOAD, ROOT, screenshot, wait_for_app

MESSY = ROOT / "samples" / "customers_french.csv"
ERROR_FILL = (0xFB, 0xD0, 0xD0)  # the check page's error cell colour


def metric(tab: Page, label: str) -> str:
    label_box = tab.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    box = tab.get_by_test_id("stMetric").filter(has=label_box)
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def coloured_pixels(png: bytes, colour: tuple[int, int, int], tolerance: int = 6) -> int:
    """How many pixels of a screenshot have (nearly) this colour: the grid is drawn on
    a canvas, so its cell colours can only be seen in pixels."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    close = np.abs(pixels - np.array(colour, dtype=np.int16)) <= tolerance
    return int(close.all(axis=-1).sum())


def go_to(tab: Page, title: str) -> None:
    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    expect(tab.get_by_role("heading", name=title, level=1)).to_be_visible()
    wait_for_app(tab)


def test_upload_fix_download_and_the_download_checks_clean(page: Page, tmp_path: Path) -> None:
    engine = check_table(read_table(MESSY.read_bytes(), MESSY.name), demo_definitions())
    page.set_input_files(CHECK_UPLOAD, str(MESSY))
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows with errors")).to_be_visible()
    wait_for_app(page)
    assert metric(page, "Errors") == str(engine.summary.errors)
    assert metric(page, "Warnings") == str(engine.summary.warnings)

    grid = page.locator(".st-key-check_grid")
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert coloured_pixels(grid.screenshot(), ERROR_FILL) > 500, "error cells are red"
    screenshot(page, "check")

    go_to(page, "Fix & export")
    expect(page.get_by_text("Ready for Upflow")).to_be_visible()
    preview = page.locator(".st-key-fix_preview")
    preview.scroll_into_view_if_needed()  # Streamlit draws what is off screen only when shown
    expect(page.get_by_role("heading", name="What the import will do in Upflow")).to_be_visible()
    said = preview_sentences(import_preview(apply_fixes(engine).result))
    assert said[0] == "0 customers updated (already in Upflow), 5 created (new in Upflow)."
    expect(preview.get_by_text(said[0])).to_be_visible()
    screenshot(page, "fix")
    with page.expect_download() as download:
        page.get_by_role("button", name="Corrected file (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "customers_french_fixed.csv"

    data = saved.read_bytes()
    assert data == export_csv(apply_fixes(engine).table, engine.mapping)
    recheck = check_table(read_table(data, saved.name), demo_definitions())
    assert recheck.summary.errors == 0 and recheck.summary.warnings == 0

    go_to(page, "Dashboard")
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(5)
    expect(charts.first.locator(".main-svg").first).to_be_visible()
    screenshot(page, "dashboard")

    go_to(page, "History")
    expect(page.get_by_text(MESSY.name).first).to_be_visible()
    screenshot(page, "history")


def test_the_sidebar_names_the_file_being_checked(page: Page) -> None:
    """The sidebar is drawn before the page takes a new file: it must still name the
    new one, not the file uploaded before."""
    sidebar = page.get_by_test_id("stSidebar")
    for sample in (MESSY, ROOT / "samples" / "customers_clean.csv"):
        page.set_input_files(CHECK_UPLOAD, str(sample))
        expect(sidebar.get_by_text(f"File: {sample.name}")).to_be_visible()
        wait_for_app(page)


def test_a_title_above_the_header_is_skipped_and_said(page: Page, tmp_path: Path) -> None:
    """A French Excel export with a title and a blank line above its header: the page
    says where the header was found and offers the row to change."""
    from tests.read.test_header import french_excel_csv

    path = tmp_path / "export_clients.csv"
    path.write_bytes(french_excel_csv())
    page.set_input_files(CHECK_UPLOAD, str(path))
    expect(page.get_by_text("Header found on row 3; rows 1–2 are skipped.")).to_be_visible()
    wait_for_app(page)
    assert metric(page, "Rows") == "2"
    header_row = page.get_by_role("spinbutton", name="Header row")
    expect(header_row).to_have_value("3")


def test_definitions_and_help_pages(page: Page) -> None:
    go_to(page, "Definitions")
    expect(page.get_by_text("Northwind Trading").first).to_be_visible()
    save = page.get_by_role("button", name="Save definitions")
    expect(save).to_have_count(0)  # read-only until an admin unlocks editing
    page.locator(".st-key-definitions_admin_password input").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Unlock editing").click()
    expect(save).to_be_visible()
    expect(page.get_by_text("Editing is unlocked for this browser session.")).to_be_visible()
    wait_for_app(page)
    screenshot(page, "definitions")
    go_to(page, "Help & templates")
    expect(page.get_by_text("email_uppercase").first).to_be_attached()
    screenshot(page, "help")


def test_identifier_match_page(page: Page) -> None:
    billing = ROOT / "samples" / "billing_export.csv"
    salesforce = ROOT / "samples" / "salesforce_export.csv"
    left = read_table(billing.read_bytes(), billing.name)
    right = read_table(salesforce.read_bytes(), salesforce.name)
    _, best = suggest_columns(left, right)
    assert best is not None
    result = match_identifiers(left, best[0], right, best[1])

    go_to(page, "Identifier match")
    for key, sample in (("match_left_upload", billing), ("match_right_upload", salesforce)):
        page.locator(f".st-key-{key} [data-testid='stFileUploaderDropzoneInput']") \
            .set_input_files(str(sample))
        wait_for_app(page)
    chart = page.locator(".st-key-match_chart")
    chart.scroll_into_view_if_needed()  # Streamlit draws what is off screen only when shown
    expect(chart.locator(".main-svg").first).to_be_visible()
    wait_for_app(page)
    matched, total = result.summary["matched"], sum(
        count for cls, count in result.summary.items() if cls != "empty")
    assert metric(page, "Identifiers that match") == f"{matched} of {total}"
    screenshot(page, "match")
