"""The databases the store's tests run on: SQLite, and a real PostgreSQL server.

`store_url` is parametrised over both, so every storage test runs twice. PostgreSQL is
the server in `PREFLIGHT_TEST_POSTGRES_URL` when that is set; otherwise a throwaway
server is started once per session from Debian's binaries
(`/usr/lib/postgresql/<version>/bin`) in a temporary directory, listening on a free
loopback port only, with a random password, and stopped at the end. Each test gets a
schema of its own on it (dropped afterwards), so tests never see each other's rows.

Without the binaries the PostgreSQL tests fail, never skip: a skipped backend would
look green while the store was never tried on the database teams deploy. URLs are
never printed: one may hold a password.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

POSTGRES_URL_ENV = "PREFLIGHT_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
SYSTEM_USER = "postgres"  # initdb refuses to run as root; Debian's package adds this user
MISSING = (f"PostgreSQL's server binaries are missing (no /usr/lib/postgresql/*/bin/initdb). "
           f"Install Debian's postgresql package (`apt-get install postgresql`; "
           f"`bash scripts/test` does it), or set {POSTGRES_URL_ENV} to a server the tests "
           f"may create schemas on.")


def postgres_binaries() -> Path:
    """The bin directory of the newest PostgreSQL installed the Debian way."""
    found = [Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    if not found:
        pytest.fail(MISSING, pytrace=False)
    return max(found, key=lambda bin_dir: _version(bin_dir.parent.name))


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner(command: list[str]) -> list[str]:
    """Run as the postgres system user when we are root, as ourselves otherwise."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SYSTEM_USER, "--", *command]
    return command


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, timeout=120,
                          check=False)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        pytest.fail(f"Could not {what} the test PostgreSQL server (exit {done.returncode}):"
                    f"\n{done.stderr.strip()}\n{tail}", pytrace=False)


@contextmanager
def throwaway_server() -> Iterator[str]:
    """A PostgreSQL server of our own for the session; yields its superuser URL."""
    binaries = postgres_binaries()
    # Not under pytest's temp directory: its parents are private to us, and the server
    # runs as the postgres user when we are root.
    home = Path(tempfile.mkdtemp(prefix="preflight-pg-"))
    data, log, password_file = home / "data", home / "server.log", home / "password"
    password = secrets.token_urlsafe(24)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(home, SYSTEM_USER, SYSTEM_USER)
        shutil.chown(password_file, SYSTEM_USER, SYSTEM_USER)
    port = free_port()
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
              "--auth=scram-sha-256", f"--pwfile={password_file}", "--encoding=UTF8",
              "--no-sync", "--no-instructions"], "create")
        options = (f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c full_page_writes=off -c synchronous_commit=off")
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
              "-o", options, "start"], "start", log)
        try:
            yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/postgres"
        finally:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                 "stop", log)
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create schemas on."""
    given = os.environ.get(POSTGRES_URL_ENV)
    if given:
        yield given
        return
    with throwaway_server() as url:
        yield url


@contextmanager
def own_schema(server_url: str) -> Iterator[str]:
    """A fresh schema on the server for one test, dropped afterwards; yields a URL whose
    connections work in that schema only (their search_path)."""
    schema = f"preflight_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(server_url)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = sa.make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:  # a connection left open fails, never hangs
            connection.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'preflight.db'}"
        return
    with own_schema(request.getfixturevalue("postgres_server")) as url:
        yield url
