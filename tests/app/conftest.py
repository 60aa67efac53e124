"""Page tests drive the real app with Streamlit's AppTest, each on its own database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[2]
APP = str(ROOT / "app.py")
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test gets an empty SQLite store, so saved definitions never leak across."""
    url = f"sqlite:///{tmp_path / 'preflight.db'}"
    monkeypatch.setenv("PREFLIGHT_DATABASE_URL", url)
    return url


@pytest.fixture
def app() -> AppTest:
    """The app, started (on the default page) and without an exception."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def open_page(app: AppTest) -> Callable[[str], AppTest]:
    """Switch the running app to `pages/<name>.py` and run it."""
    def switch(name: str) -> AppTest:
        app.switch_page(f"pages/{name}.py").run()
        assert not app.exception, app.exception
        return app
    return switch
