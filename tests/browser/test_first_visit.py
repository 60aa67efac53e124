"""A fresh server whose first visitor opens a page address directly still shows the
app's own navigation (not Streamlit's folder-based one, which would list every file of
pages/, including the session module)."""

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import serving, wait_for_app


def test_a_direct_first_visit_gets_the_real_navigation(browser: Browser,
                                                       tmp_path: Path) -> None:
    with serving(tmp_path) as url:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"{url}/history")
        navigation = tab.get_by_test_id("stSidebarNav")
        expect(navigation).to_contain_text("Check a file")
        wait_for_app(tab)
        assert "session" not in navigation.inner_text().split()
        expect(tab.get_by_test_id("stSidebar")).to_contain_text("Northwind Trading")
        context.close()
