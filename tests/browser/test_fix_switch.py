"""A fix switched off and on again on the Fix page, in a real browser: the corrected
file follows each switch (the app derives each outcome from the one before,
`switch_fixes`), and the change is listed among the person's changes."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from checks import read_table
from tests.browser.conftest import CHECK_UPLOAD, ROOT, wait_for_app
from tests.browser.test_journey import go_to

MESSY = ROOT / "samples" / "customers_messy.csv"
CONTRACT_END = 10  # the column position of "Contract end" in the sample


def settle(tab: Page) -> None:
    """Wait until the app's runs are over (a switch reruns the page; elements of the
    earlier run stay, marked stale, until the last run replaces them)."""
    for _ in range(2):
        wait_for_app(tab)
        tab.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def contract_end(tab: Page, tmp_path: Path, row: int) -> str:
    """Row `row`'s Contract end in the corrected file downloaded now."""
    settle(tab)
    button = tab.get_by_role("button", name="Corrected file (CSV)")
    button.scroll_into_view_if_needed()
    with tab.expect_download() as download:
        button.click()
    saved = tmp_path / f"{len(list(tmp_path.iterdir()))}_{download.value.suggested_filename}"
    download.value.save_as(saved)
    return str(read_table(saved.read_bytes(), saved.name).data.loc[row, CONTRACT_END])


def flip_dates(tab: Page) -> None:
    switch = tab.get_by_text(re.compile(r"^Write dates as YYYY-MM-DD \(\d+ cells?\)$"))
    switch.scroll_into_view_if_needed()
    expect(switch).to_be_visible()
    switch.click()
    settle(tab)


def test_a_fix_switched_off_and_on_again_changes_the_corrected_file(page: Page,
                                                                    tmp_path: Path) -> None:
    page.set_input_files(CHECK_UPLOAD, str(MESSY))
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    wait_for_app(page)
    go_to(page, "Fix & export")
    assert contract_end(page, tmp_path, 2) == "2026-12-31"  # 31/12/2026, fixed

    flip_dates(page)
    assert contract_end(page, tmp_path, 2) == "31/12/2026"  # left as written
    listed = page.get_by_text(re.compile("Write dates as YYYY-MM-DD.{0,3} switched off"))
    expect(listed.first).to_be_attached()

    flip_dates(page)
    assert contract_end(page, tmp_path, 2) == "2026-12-31"
