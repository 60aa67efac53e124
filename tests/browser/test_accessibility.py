"""Accessibility: axe-core (npm, pinned in tests/browser/axe/package.json) audits every
page of the served app, in English and in French, with a file loaded, and finds no
violation of impact "serious" or "critical"."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import ROOT, open_with_file, wait_for_app

AXE = Path(__file__).with_name("axe") / "node_modules" / "axe-core" / "axe.min.js"
SAMPLE = ROOT / "samples" / "customers_french.csv"
SERIOUS = ("serious", "critical")
VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ['violations']}))
    .violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
                          where: v.nodes.slice(0, 3).map(n => n.html.slice(0, 120))}))"""


def audit(tab: Page) -> list[dict]:
    """The serious violations on the page once it is at rest: Streamlit fades the
    elements of a page being re-run (stale), which would be measured as low contrast."""
    tab.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    tab.wait_for_timeout(500)  # the fade's transition
    tab.add_script_tag(path=str(AXE))
    return [found for found in tab.evaluate(VIOLATIONS) if found["impact"] in SERIOUS]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_every_page_has_no_serious_accessibility_violation(browser: Browser, served_app: str,
                                                            locale: str) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run 'npm ci --prefix tests/browser/axe' "
                    "(scripts/test does)")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    try:
        tab = open_with_file(context, served_app, SAMPLE)
        found: dict[str, list[dict]] = {}
        links = tab.get_by_test_id("stSidebarNavLink")
        for index in range(links.count()):
            links.nth(index).click()
            wait_for_app(tab)
            violations = audit(tab)
            if violations:
                found[tab.url] = violations
        assert links.count() >= 7
    finally:
        context.close()
    assert found == {}
