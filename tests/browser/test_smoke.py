"""The served app opens in a real browser on the demo organization."""

from playwright.sync_api import Page, expect


def test_app_opens_on_the_demo_organization(page: Page) -> None:
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Northwind Trading")
