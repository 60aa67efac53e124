"""A team's deployment (README: "Deploying for a team"), for real: a throwaway PostgreSQL,
two app instances started by `deploy/start-instance` on it, and HAProxy running the
shipped `deploy/haproxy.cfg` unchanged (its addresses come from the environment
variables the file names), all on free loopback ports; Chromium drives it.

One journey, in order, since each step builds on the one before: a check through the
balancer (its session stays on one instance across pages); definitions saved on
instance A, active in a check on instance B; the History, through the balancer, listing
the checks of both; instance A stopped and a new browser still served, by B."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from checks import check_table, demo_definitions, read_table
from tests.browser.conftest import (
    ADMIN_PASSWORD,
    ROOT,
    START_TIMEOUT_S,
    _wait_until_healthy,
    open_session,
    open_with_file,
    stop,
    wait_for_app,
)
from tests.store_backends import free_port, own_schema

DEPLOY = ROOT / "deploy"
AFFINITY_COOKIE = "preflight_instance"  # deploy/haproxy.cfg's `cookie` line
ORGANIZATION = "Deploy Test Org"
NEW_WORKFLOW = "Relance deploy"  # a workflow only the saved definitions know


@dataclass(frozen=True)
class Team:
    """The running deployment: each instance's own address and the balancer's."""

    instance_a: str
    instance_b: str
    balancer: str
    processes: dict[str, subprocess.Popen[bytes]]
    logs: Path


def _haproxy() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail("haproxy is missing: install Debian's haproxy package (scripts/test does)",
                    pytrace=False)
    return found


@contextmanager
def _process(command: list[str], environment: dict[str, str], log: Path
             ) -> Iterator[subprocess.Popen[bytes]]:
    """A background process writing to `log`, stopped at the end."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output,
                                   stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            stop(process)


def _wait_for_balancer(url: str, haproxy: subprocess.Popen[bytes], log: Path) -> None:
    """Until the balancer answers the app's health check through an instance."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if haproxy.poll() is not None:
            pytest.fail(f"haproxy exited ({haproxy.returncode}):\n{log.read_text()}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the balancer did not answer within {START_TIMEOUT_S} s", pytrace=False)


@pytest.fixture(scope="module")
def team(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    logs = tmp_path_factory.mktemp("team")
    ports = {"a": free_port(), "b": free_port()}
    with ExitStack() as stack:
        database = stack.enter_context(own_schema(postgres_server))
        shared = {**os.environ, "PREFLIGHT_DATABASE_URL": database,
                  "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
                  "PREFLIGHT_ADMIN_PASSWORD": ADMIN_PASSWORD, "PREFLIGHT_PYTHON": sys.executable}
        processes = {name: stack.enter_context(_process(
            [str(DEPLOY / "start-instance"), str(port)], shared, logs / f"instance_{name}.log"))
            for name, port in ports.items()}  # both at once, on an empty database
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for name, url in urls.items():
            _wait_until_healthy(url, processes[name])
        balancer_port = free_port()
        haproxy_log = logs / "haproxy.log"
        haproxy = stack.enter_context(_process(
            [_haproxy(), "-db", "-f", str(DEPLOY / "haproxy.cfg")],
            {**os.environ, "PREFLIGHT_LISTEN": f"127.0.0.1:{balancer_port}",
             "PREFLIGHT_INSTANCE_A": f"127.0.0.1:{ports['a']}",
             "PREFLIGHT_INSTANCE_B": f"127.0.0.1:{ports['b']}"}, haproxy_log))
        balancer = f"http://127.0.0.1:{balancer_port}"
        _wait_for_balancer(balancer, haproxy, haproxy_log)
        yield Team(urls["a"], urls["b"], balancer, processes, logs)
    for name in ports:
        log = (logs / f"instance_{name}.log").read_text("utf-8", errors="replace")
        assert "Traceback" not in log, log


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser of its own: no cookie, so a new session wherever it lands."""
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield fresh
    fresh.close()


def _instance_of(context: BrowserContext) -> str:
    """Which instance the balancer pinned this browser to (its affinity cookie)."""
    values = [cookie["value"] for cookie in context.cookies()
              if cookie["name"] == AFFINITY_COOKIE]
    assert len(values) == 1, context.cookies()
    return values[0]


def _metric(tab: Page, label: str) -> str:
    label_box = tab.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    box = tab.get_by_test_id("stMetric").filter(has=label_box)
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def _go_to(tab: Page, title: str, *, attempts: int = 3) -> None:
    """Follow the sidebar link to a page. A click that lands while the page is still
    redrawing can be lost; it is tried again (a few times, not for a while), so a busy
    machine slows the test down without failing it."""
    heading = tab.get_by_role("heading", name=title, level=1)
    for _attempt in range(attempts):
        wait_for_app(tab)
        tab.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        try:
            expect(heading).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            continue
    expect(heading).to_be_visible()
    wait_for_app(tab)


def _named_copy(source: Path, folder: Path, name: str) -> Path:
    """The sample under another name, so that the History can tell whose check it was."""
    copy = folder / name
    copy.write_bytes(source.read_bytes())
    return copy


def _one_line_with_the_new_workflow() -> str:
    """The first line of the clean sample, on a workflow the demo organization lacks."""
    lines = (ROOT / "samples" / "customers_clean.csv").read_text("utf-8").splitlines()
    return "\n".join(lines[:2]).replace(";Standard;", f";{NEW_WORKFLOW};") + "\n"


def test_a_team_on_two_instances_behind_the_balancer(team: Team, browser: Browser,
                                                     context: BrowserContext,
                                                     tmp_path: Path) -> None:
    # 1. A journey through the balancer: the file's session lives on one instance, and
    #    every request of this browser (the page, its WebSocket, the upload) reaches it.
    through = open_with_file(context, team.balancer, _named_copy(
        ROOT / "samples" / "customers_french.csv", tmp_path, "through_the_balancer.csv"))
    pinned = _instance_of(context)
    assert pinned in {"a", "b"}
    _go_to(through, "Fix & export")
    expect(through.get_by_role("button", name="Corrected file (CSV)")).to_be_visible()
    assert _instance_of(context) == pinned

    # 2. Definitions saved on instance A are active in a check on instance B.
    line = _one_line_with_the_new_workflow()
    edited = replace(demo_definitions(), organization=ORGANIZATION,
                     workflows=(*demo_definitions().workflows, NEW_WORKFLOW))
    before = check_table(read_table(line.encode(), "line.csv"), demo_definitions())
    after = check_table(read_table(line.encode(), "line.csv"), edited)
    assert (before.summary.errors, after.summary.errors) == (1, 0)  # the test can fail
    document = tmp_path / "team_definitions.json"
    document.write_text(edited.to_json(), "utf-8")
    on_a = open_session(browser, team.instance_a, timeout_ms=60_000)
    _go_to(on_a, "Definitions")
    on_a.locator(".st-key-definitions_admin_password input").fill(ADMIN_PASSWORD)
    on_a.get_by_role("button", name="Unlock editing").click()
    expect(on_a.get_by_text("Editing is unlocked for this browser session.")).to_be_visible()
    on_a.get_by_role("tab", name="Import a file").click()
    on_a.set_input_files(".st-key-definitions_import_file "
                         "[data-testid='stFileUploaderDropzoneInput']", str(document))
    on_a.get_by_role("button", name="Use these definitions").click()
    expect(on_a.get_by_text(re.compile(r"^Saved revision \d+ \("))).to_be_visible()
    on_a.context.close()

    on_b = browser.new_context(viewport={"width": 1400, "height": 1000})
    on_b_file = tmp_path / "checked_on_b.csv"
    on_b_file.write_text(line, "utf-8")
    checked_b = open_with_file(on_b, team.instance_b, on_b_file)
    expect(checked_b.get_by_test_id("stSidebar").get_by_text(ORGANIZATION)).to_be_visible()
    assert _metric(checked_b, "Errors") == "0"
    on_b.close()

    # 3. The History, through the balancer, lists checks made on each instance.
    on_a = browser.new_context(viewport={"width": 1400, "height": 1000})
    open_with_file(on_a, team.instance_a, _named_copy(
        ROOT / "samples" / "customers_clean.csv", tmp_path, "checked_on_a.csv"))
    on_a.close()
    _go_to(through, "History")
    for name in ("checked_on_a.csv", "checked_on_b.csv", "through_the_balancer.csv"):
        # The list is drawn on a canvas; its cells are in the page for assistive software.
        expect(through.get_by_text(name, exact=True).first).to_be_attached()

    # 4. One instance stops; a new browser through the balancer is served by the other.
    instance_a = team.processes["a"]
    instance_a.terminate()
    instance_a.wait(timeout=30)
    later = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        served = open_with_file(later, team.balancer, _named_copy(
            ROOT / "samples" / "customers_clean.csv", tmp_path, "after_a_stopped.csv"))
        expect(served.get_by_test_id("stSidebar").get_by_text(ORGANIZATION)).to_be_visible()
        assert _instance_of(later) == "b"
    finally:
        later.close()
