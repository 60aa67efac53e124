"""Two people upload at once to a server with a single place for heavy work
(`PREFLIGHT_WORKERS=1`): one check waits for the other, and each person still gets
the results of their own file. Deadlines are generous; nothing is timed."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import CHECK_UPLOAD, open_session, serving, wait_for_app
from tests.browser.test_journey import metric
from tests.privacy import canary

#: Watches the page for the waiting message, so a test can tell whether it was shown
#: even though it goes once the check starts.
WATCH_WAITING = """() => {
  window.sawWaiting = false;
  new MutationObserver(() => {
    if (document.body.innerText.includes('ahead of you')) window.sawWaiting = true;
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def test_two_uploads_at_once_with_one_place_each_get_their_own_results(
        browser: Browser, tmp_path: Path) -> None:
    files = {}
    for token, lines in (("CANARYONE31", 6_000), ("CANARYTWO58", 3_000)):
        files[token] = tmp_path / f"{token.lower()}.csv"
        files[token].write_bytes(canary.customers(token, extra_rows=lines))
    server = tmp_path / "server"
    server.mkdir()
    with serving(server, environment={**os.environ, "PREFLIGHT_WORKERS": "1"}) as url:
        tabs = {token: open_session(browser, url, timeout_ms=60_000) for token in files}
        for tab in tabs.values():
            tab.evaluate(WATCH_WAITING)
        for token, tab in tabs.items():  # both uploads start before either is waited for
            tab.set_input_files(CHECK_UPLOAD, str(files[token]))
        for tab in tabs.values():
            expect(tab.get_by_test_id("stMetric").filter(
                has_text="Rows with errors")).to_be_visible()
            wait_for_app(tab)
        assert metric(tabs["CANARYONE31"], "Rows") == "6,003"
        assert metric(tabs["CANARYTWO58"], "Rows") == "3,003"
        for token, tab in tabs.items():
            text = tab.locator("[data-testid='stApp']").inner_html()
            assert canary.leaks(text, token)
            assert not tab.get_by_test_id("stAlertContentError").count()
            expect(tab.get_by_text("ahead of you")).to_have_count(0)
        waited = [tab.evaluate("() => window.sawWaiting") for tab in tabs.values()]
        print(f"pages that showed the waiting message: {sum(waited)} of 2")
        for tab in tabs.values():
            tab.context.close()
