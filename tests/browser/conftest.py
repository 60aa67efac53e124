"""Browser tests: the served app (`streamlit run app.py` on a free local port) driven by
Playwright in Debian's Chromium, headless.

`scripts/test` installs Chromium; without it these tests fail with a message saying
so rather than being skipped, since a skipped browser test would hide a broken journey.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).parents[2]
CHROMIUM = os.environ.get("PREFLIGHT_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
START_TIMEOUT_S = 60
# How long an assertion waits for content to appear (Playwright's own default is 5 s,
# too short for a busy 2-core machine): a deadline, never a measure of speed.
CONTENT_TIMEOUT_MS = 60_000
expect.set_options(timeout=CONTENT_TIMEOUT_MS)
#: The check page's file input (the page has another uploader, for recipe files).
CHECK_UPLOAD = ".st-key-check_upload [data-testid='stFileUploaderDropzoneInput']"
# The served app runs in password mode, so the journey can unlock the Definitions page.
ADMIN_PASSWORD = "browser-admin-pw-9f3b"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {START_TIMEOUT_S} s")


@contextmanager
def serving(workdir: Path, *options: str,
            environment: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve the app with `streamlit run` on a free port, its own empty SQLite store
    under `workdir` and the test's admin password; fail if the server ever printed a
    traceback.

    `options` are more `streamlit run` options (e.g. "--logger.level", "debug");
    `environment` replaces this process's environment for the server. What the
    server printed (stdout and stderr) is in `workdir`/streamlit.log afterwards."""
    port = _free_port()
    env = {**(os.environ if environment is None else environment),
           "PREFLIGHT_DATABASE_URL": f"sqlite:///{workdir / 'preflight.db'}",
           "PREFLIGHT_ADMIN_PASSWORD": ADMIN_PASSWORD}
    # Run from the repository, so `.streamlit/config.toml` is the app's as shipped.
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1", *options]
    log = workdir / "streamlit.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(url, server)
            yield url
        finally:
            stop(server)
    server_log = log.read_text("utf-8", errors="replace")
    assert "Traceback" not in server_log, server_log


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served once for the whole browser session."""
    with serving(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, served_app: str) -> Iterator[Page]:
    """A fresh browser context (its own Streamlit session) on the app's first page."""
    tab = open_session(browser, served_app)
    yield tab
    tab.context.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server the tests started: politely, then for good."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def open_session(browser: Browser, url: str, timeout_ms: int = 60_000) -> Page:
    """A tab in a browser context of its own (so its own Streamlit session) on the
    app's first page, once the app has drawn it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(timeout_ms)
    tab.goto(url)
    wait_for_app(tab)
    return tab


def open_with_file(context: BrowserContext, url: str, path: Path) -> Page:
    """A tab of `context` on the app's first page with the file at `path` checked."""
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(url)
    wait_for_app(tab)
    tab.set_input_files(CHECK_UPLOAD, str(path))
    expect(tab.get_by_test_id("stMetric").first).to_be_visible()
    wait_for_app(tab)
    return tab


def wait_for_app(tab: Page) -> None:
    """Wait until Streamlit has finished running the page script."""
    tab.wait_for_selector("[data-testid='stApp']")
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')")
    tab.wait_for_timeout(300)


def screenshot(tab: Page, name: str, max_height: int = 3200) -> Path:
    """Save a whole-page screenshot for the README.

    Streamlit scrolls inside its main area, not the document, so a "full page"
    screenshot would stop at the window: the window is grown to the page's height
    for the shot instead, then put back.
    """
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    size = tab.viewport_size or {"width": 1400, "height": 1000}
    height = tab.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body)"
        ".scrollHeight")
    tab.set_viewport_size({"width": size["width"], "height": min(int(height), max_height)})
    tab.wait_for_timeout(800)
    tab.screenshot(path=str(path))
    tab.set_viewport_size(size)
    return path


def choose_option(tab: Page, combobox: Locator, option: str, *, attempts: int = 3) -> None:
    """Pick `option` in a Streamlit selectbox and wait until it shows it. A click that
    lands while the page is redrawing can be lost; it is tried again (a few times, not
    for a while), so a busy machine slows the test down without failing it."""
    for _attempt in range(attempts):
        wait_for_app(tab)
        combobox.scroll_into_view_if_needed()
        combobox.click()
        tab.get_by_role("option", name=option, exact=True).click()
        wait_for_app(tab)
        if combobox.input_value() == option:
            return
    expect(combobox).to_have_value(option)
