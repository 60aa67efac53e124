"""The shipped team set-up (`deploy/`, README "Deploying for a team") without starting
it: HAProxy accepts its configuration, systemd's verifier accepts the unit, and
`start-instance` refuses a set-up that would split the team (no shared database, no
shared cookie secret) in one line, exit status 2. `tests/browser/test_two_instances.py`
runs the same files for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).parents[1] / "deploy"
SECRET = "0123456789abcdef" * 4


def _start_instance(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items()
             if key not in {"PREFLIGHT_DATABASE_URL", "STREAMLIT_SERVER_COOKIE_SECRET"}}
    return subprocess.run([str(DEPLOY / "start-instance"), *arguments],
                          env={**clean, **environment}, capture_output=True, text=True,
                          timeout=30, check=False)


def test_haproxy_accepts_the_shipped_configuration() -> None:
    haproxy = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/sbin")
    if haproxy is None:
        pytest.fail("haproxy is missing: install Debian's haproxy package (scripts/test does)")
    checked = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")],
                             capture_output=True, text=True, timeout=30, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_systemd_accepts_the_shipped_unit(tmp_path: Path) -> None:
    """systemd's own verifier reads the unit as installed by the README's steps (the
    start script in /opt/preflight, the settings in /etc/preflight), in a root of its own:
    an unknown key, a missing executable or a bad dependency is an error or a warning.
    It cannot start the service here (no systemd is running), the two-instance
    browser test runs `start-instance` itself."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: install Debian's systemd package "
                    "(scripts/test does)")
    root = tmp_path / "root"
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    for source, installed in [("preflight@.service", "etc/systemd/system/preflight@.service"),
                              ("start-instance", "opt/preflight/deploy/start-instance"),
                              ("preflight.env.example", "etc/preflight/preflight.env")]:
        (root / installed).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(DEPLOY / source, root / installed)
    verified = subprocess.run([analyze, "verify", "--man=no", f"--root={root}",
                               "preflight@8501.service"],
                              capture_output=True, text=True, timeout=60, check=False)
    assert verified.returncode == 0, verified.stderr
    assert verified.stderr.strip() == "", verified.stderr


@pytest.mark.parametrize(("arguments", "environment", "said"), [
    ((), {}, "give the port"),
    (("eighty",), {}, "must be a number"),
    (("8501",), {}, "set PREFLIGHT_DATABASE_URL"),
    (("8501",), {"PREFLIGHT_DATABASE_URL": "sqlite:///preflight.db"}, "must be a PostgreSQL"),
    (("8501",), {"PREFLIGHT_DATABASE_URL": "postgresql+psycopg://db/preflight"},
     "STREAMLIT_SERVER_COOKIE_SECRET"),
    (("8501",), {"PREFLIGHT_DATABASE_URL": "postgresql+psycopg://db/preflight",
                 "STREAMLIT_SERVER_COOKIE_SECRET": "short"}, "32 characters"),
    (("8501",), {"PREFLIGHT_DATABASE_URL": "postgresql+psycopg://db/preflight",
                 "STREAMLIT_SERVER_COOKIE_SECRET": SECRET,
                 "PREFLIGHT_PYTHON": "/nonexistent/python"}, "no Python at"),
])
def test_start_instance_refuses_in_one_line(arguments: tuple[str, ...],
                                            environment: dict[str, str], said: str) -> None:
    refused = _start_instance(*arguments, **environment)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert said in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def test_the_app_started_from_the_repository_runs_as_shipped() -> None:
    """`start-instance`, the README's command and the browser tests give `streamlit run`
    no settings but the address: run from the repository, the served app takes the rest
    from `.streamlit/config.toml`. Among them, no watching of the source files (it held
    up each page's first visit by 1-3 s), no usage statistics sent anywhere, and no
    "magic" (a page shows only what it writes)."""
    shown = subprocess.run(
        [sys.executable, "-c", "from streamlit import config\n"
         "config.get_config_options(force_reparse=True)\n"
         "print([config.get_option(name) for name in ('server.headless', "
         "'server.fileWatcherType', 'browser.gatherUsageStats', 'runner.magicEnabled')])"],
        cwd=DEPLOY.parent, capture_output=True, text=True, timeout=60, check=True)
    assert shown.stdout.strip() == "[True, 'none', False, False]"
