"""Page tests drive the real app with Streamlit's AppTest, each on its own database and
with no admin password unless the test sets one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checks.i18n import use_language
from checks.views.access import ADMIN_PASSWORD_ENV

ROOT = Path(__file__).parents[2]
APP = str(ROOT / "app.py")
SAMPLES = ROOT / "samples"
ADMIN_PASSWORD = "page-admin-pw-4c1e"


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test gets an empty SQLite store, so saved definitions never leak across."""
    url = f"sqlite:///{tmp_path / 'preflight.db'}"
    monkeypatch.setenv("PREFLIGHT_DATABASE_URL", url)
    return url


@pytest.fixture(autouse=True)
def no_outside_admin_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's PREFLIGHT_ADMIN_PASSWORD must not decide what a page test sees."""
    monkeypatch.delenv(ADMIN_PASSWORD_ENV, raising=False)


@pytest.fixture(autouse=True)
def no_outside_definitions_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's PREFLIGHT_DEFINITIONS_HEADER_* keys must not reach a page test."""
    for name in list(os.environ):
        if name.startswith("PREFLIGHT_DEFINITIONS_HEADER_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def fresh_password_throttle() -> Iterator[None]:
    """The throttle of wrong admin passwords is one per server (st.cache_resource), so
    one per test process here: each test starts with no wrong tries counted."""
    from ui import access

    access._throttle.clear()
    yield
    access._throttle.clear()


@pytest.fixture
def admin_password(no_outside_admin_password: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """Password mode: the admin password comes from the environment."""
    monkeypatch.setenv(ADMIN_PASSWORD_ENV, ADMIN_PASSWORD)
    return ADMIN_PASSWORD


def unlock_editing(at: AppTest, password: str = ADMIN_PASSWORD) -> AppTest:
    """Type the admin password on the Definitions page and press Unlock editing."""
    at.text_input(key="definitions_admin_password").set_value(password)
    at.button(key="definitions_unlock").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app() -> AppTest:
    """The app, started (on the default page) and without an exception."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def french() -> Iterator[AppTest]:
    """The app started in French (the sidebar's choice), on the default page. The
    test's own thread speaks French too: AppTest formats a widget's options there, so a
    test of a French page must be French itself."""
    with use_language("fr"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["language"] = "fr"
        at.run()
        assert not at.exception, at.exception
        yield at


@pytest.fixture
def open_page(app: AppTest) -> Callable[[str], AppTest]:
    """Switch the running app to `pages/<name>.py` and run it."""
    def switch(name: str) -> AppTest:
        app.switch_page(f"pages/{name}.py").run()
        assert not app.exception, app.exception
        return app
    return switch
