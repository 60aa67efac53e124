"""Two people using the served app at the same time see only their own file, and the
server keeps no cell value anywhere: not in its output at DEBUG logging, not in a
temporary file or its home, not in the team's database. The grids offer no export of
their own.

The server runs with its temporary folder and home redirected to fresh folders and
every file it writes recorded (tests/privacy/write_audit). Each file is over 1 MB, the
size above which the web server would spool an upload to a temporary file on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CHECK_UPLOAD, open_session, serving, wait_for_app
from tests.browser.test_journey import go_to, metric
from tests.privacy import canary
from tests.privacy.audit import Sandbox

SPOOL_BYTES = 1024 * 1024  # Starlette's default spool to disk


@dataclass(frozen=True)
class Person:
    """One browser session and the file it checks."""

    token: str
    file: Path
    tab: Page

    @property
    def name(self) -> str:
        return self.file.name


def page_text(tab: Page) -> str:
    """Everything the page shows as text, the grids' cells included (the data grid
    draws on a canvas but keeps an accessible table of the visible cells)."""
    return tab.locator("[data-testid='stApp']").inner_html()


def downloaded(tab: Page, button: str) -> bytes:
    with tab.expect_download() as download:
        tab.get_by_role("button", name=button).click()
    path = download.value.path()
    assert path is not None
    return Path(path).read_bytes()


def assert_only_own(person: Person, other: Person, text: str | bytes, what: str) -> None:
    assert canary.leaks(text, person.token), f"{person.name}: {what} shows its own file"
    assert not canary.leaks(text, other.token), f"{person.name}: {what} shows the other's"
    other_name = other.name.encode() if isinstance(text, bytes) else other.name
    assert other_name not in text, f"{person.name}: {what} names the other's file"


def test_two_sessions_at_once_see_only_their_own_file(browser: Browser,
                                                      tmp_path: Path) -> None:
    sandbox = Sandbox.under(tmp_path / "sandbox")
    server = tmp_path / "server"
    server.mkdir()
    files = {}
    for token, name in (("CANARYALPHA41", "alpha_customers.csv"),
                        ("CANARYBRAVO72", "bravo_customers.csv")):
        files[token] = tmp_path / name
        files[token].write_bytes(canary.customers(token, extra_rows=7_000))
        assert files[token].stat().st_size > SPOOL_BYTES

    with serving(server, "--logger.level", "debug",
                 environment=sandbox.environment()) as url:
        people = [Person(token, file, open_session(browser, url, timeout_ms=60_000))
                  for token, file in files.items()]
        for person in people:  # both uploads start before either is waited for
            person.tab.set_input_files(CHECK_UPLOAD,
                                       str(person.file))
        for person in people:
            expect(person.tab.get_by_test_id("stMetric").filter(
                has_text="Rows with errors")).to_be_visible()
            wait_for_app(person.tab)
            assert metric(person.tab, "Rows") == "7,003"

        for person, other in (people, people[::-1]):
            tab = person.tab
            assert_only_own(person, other, page_text(tab), "the check page")
            toolbar_labels(tab)
            go_to(tab, "Fix & export")
            assert_only_own(person, other, page_text(tab), "the fix page")
            tab.get_by_text("For people: reports and parts of the file").click()  # opened
            assert_only_own(person, other, downloaded(tab, "Findings (CSV)"), "the findings")
            assert_only_own(person, other, downloaded(tab, "Corrected file (CSV)"),
                            "the corrected file")
            go_to(tab, "Dashboard")
            findings = tab.locator(".st-key-dashboard_findings")
            findings.scroll_into_view_if_needed()
            expect(findings.locator("td").first).to_be_attached()
            assert_only_own(person, other, page_text(tab), "the dashboard")
            html = downloaded(tab, "Dashboard (HTML)")  # headers only: its own header
            assert_only_own(person, other, html, "the dashboard download")
        for person in people:
            person.tab.context.close()

    log = (server / "streamlit.log").read_text("utf-8", errors="replace")
    assert "Running script" in log, "the server logged at DEBUG"
    for token in files:
        assert not canary.leaks(log, token)
        assert sandbox.leaking(token) == []
    database = server / "preflight.db"
    written = {path for _event, path in sandbox.writes()}
    assert written == {database.resolve()}, "the server wrote nothing but the database"
    assert sandbox.left_behind() == []
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            names = connection.execute(sa.text(
                "SELECT file_name FROM preflight_checks")).scalars().all()
    finally:
        engine.dispose()
    assert sorted(names) == sorted(file.name for file in files.values())
    for token in files:
        assert not canary.leaks(database.read_bytes(), token)


def toolbar_labels(tab: Page) -> list[str]:
    """The grid's toolbar offers search and full screen, but no download: its CSV
    would hold formulas live (the pages' own downloads neutralise them)."""
    grid = tab.locator(".st-key-check_grid")
    grid.hover()
    toolbar = grid.get_by_test_id("stElementToolbar")
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    labels = [button.get_attribute("aria-label") or button.inner_text()
              for button in toolbar.get_by_role("button").all()]
    assert not [label for label in labels if "download" in label.lower()], labels
    return labels
