"""The entry point: navigation, the sidebar status, and every page loading cleanly."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP

PAGES = ["check", "fix", "dashboard", "history", "match", "definitions", "help"]


def test_app_starts_on_the_demo_organization(app: AppTest) -> None:
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "Northwind Trading" in sidebar
    assert "the bundled demo organization" in " ".join(c.value for c in app.sidebar.caption)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_without_an_exception(open_page, page: str) -> None:
    at = open_page(page)
    assert at.title or at.header, "each page has a heading"


def test_an_unusable_database_is_a_plain_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DATABASE_URL", "nosuchdialect://user:s3cret@host/db")
    at = AppTest.from_file(APP).run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "definitions database cannot be opened" in message
    assert "s3cret" not in message
