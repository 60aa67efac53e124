"""The served pages ask nothing of any address but the app's own: customer data is
checked on a self-hosted tool, so no page may call a font server, a CDN or anything
else (the page icon included, which Playwright does not report as a request: it is
read from the page's icon links)."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import Browser

from tests.browser.conftest import ROOT, open_with_file, wait_for_app

SAMPLE = ROOT / "samples" / "customers_french.csv"
ICON_LINKS = "() => [...document.querySelectorAll('link[rel*=icon]')].map(link => link.href)"


def test_a_whole_journey_asks_nothing_of_another_address(browser: Browser,
                                                          served_app: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        tab = open_with_file(context, served_app, SAMPLE)
        icons = tab.evaluate(ICON_LINKS)
        links = tab.get_by_test_id("stSidebarNavLink")
        pages = links.count()
        assert pages >= 7
        for index in range(pages):
            links.nth(index).click()
            wait_for_app(tab)
            tab.wait_for_timeout(500)  # the page icon is set once the page's config arrives
            icons += tab.evaluate(ICON_LINKS)
    finally:
        context.close()
    own = urlparse(served_app).netloc
    assert requested and icons
    elsewhere = sorted({url for url in [*requested, *icons] if urlparse(url).netloc != own
                        and not url.startswith(("data:", "blob:"))})
    assert elsewhere == []
