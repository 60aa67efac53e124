"""A cell value goes only where the user asks for it: never into a log, a warning, the
command line's error stream, a temporary file, the home folder or the team's database.

Every cell of the canary files holds a token found nowhere else (tests/privacy/canary.py).
The whole engine and command line run on them at DEBUG logging, then in a process of
their own with an empty temporary folder and home and every write recorded; the app
runs through AppTest on its own database, which is then dumped row by row and byte by
byte. (The served app is tested the same way in tests/browser/test_isolation.py.)
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.formparsers import MultiPartParser
from streamlit.testing.v1 import AppTest

import checks.export.report  # noqa: F401  (imported before the loggers are listed)
from checks import read_table
from tests.app.conftest import APP
from tests.privacy import canary
from tests.privacy.audit import ROOT, Sandbox
from tests.privacy.canary import TOKEN, leaks
from tests.privacy.exercise import command_line_runs, engine_outputs
from tests.privacy.logs import everything_said

SUBPROCESS_TIMEOUT_S = 300


def test_the_canary_reaches_every_output(tmp_path: Path) -> None:
    """The tests below can fail: the token does flow through every export (so its
    absence elsewhere means something)."""
    outputs = engine_outputs(tmp_path)
    csv_files = outputs[:5] + outputs[7:10]  # exports, findings, the match lists
    assert all(leaks(out) for out in csv_files)
    table = read_table(canary.customers(), canary.CUSTOMERS_NAME)
    assert all(column.str.contains(TOKEN, case=False).all()
               for _, column in table.data.items()), "every cell holds the token"


def test_no_cell_value_in_logs_warnings_or_the_error_stream(tmp_path: Path) -> None:
    with everything_said() as said:
        engine_outputs(tmp_path)
        runs = command_line_runs(tmp_path)
    assert said.logs, "DEBUG logging was on (SQLAlchemy, at least, says something)"
    assert not leaks(said.everything()), [t for t in said.logs + said.warnings if leaks(t)]
    assert said.warnings == []
    for arguments, status, _stdout, stderr in runs:
        assert status in (0, 1), (arguments, stderr)
        assert stderr == "", (arguments, stderr)
    intended = {run[0][0] for run in runs if leaks(run[2])}
    assert intended == {"check", "fix", "match"}, "stdout is the intended output"


def test_nothing_is_written_but_what_was_asked_for(tmp_path: Path) -> None:
    """In a process of its own, with TMPDIR and HOME fresh folders: the only files it
    writes are under the folder it was given (inputs, requested outputs, the history
    database), and the temporary folder and home stay empty."""
    sandbox = Sandbox.under(tmp_path / "sandbox")
    work = tmp_path / "work"
    done = subprocess.run([sys.executable, "-m", "tests.privacy.exercise", str(work)],
                          cwd=ROOT, env=sandbox.environment(), capture_output=True,
                          text=True, timeout=SUBPROCESS_TIMEOUT_S, check=False)
    assert done.returncode == 0, done.stderr
    assert not leaks(done.stderr) and not leaks(done.stdout), done.stderr
    writes = sandbox.writes()
    assert writes, "the audit hook recorded the requested outputs"
    outputs = {path for event, path in writes if event == "open"}
    assert (work / "out" / "report.xlsx").resolve() in outputs
    assert (work / "out" / "fixed.csv").resolve() in outputs
    elsewhere = [(event, path) for event, path in writes
                 if not path.is_relative_to(work.resolve())]
    assert elsewhere == []
    assert sandbox.left_behind() == []


# ── the app ─────────────────────────────────────────────────────────────────────────

def database_dump(url: str) -> str:
    """Every row of every table of the store, as text."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            dump = [f"{name}: {row}" for name in tables
                    for row in connection.execute(sa.text(f'SELECT * FROM "{name}"'))]
    finally:
        engine.dispose()
    return "\n".join(dump)


def test_the_app_keeps_no_cell_value_in_logs_or_the_database(own_database: str,
                                                            tmp_path: Path) -> None:
    """The check, fix, dashboard, history and match pages on the canary files, at DEBUG:
    nothing of the cells in a log, and the team's database holds the check's counts and
    file name but no cell value or header, in its rows or anywhere in its file."""
    at = AppTest.from_file(APP, default_timeout=60)
    with everything_said() as said:
        at.run()
        at.file_uploader(key="check_upload").set_value(
            (canary.CUSTOMERS_NAME, canary.customers(), "text/csv")).run()
        assert not at.exception, at.exception
        shown = " ".join(str(m.value) for m in at.metric)
        for page in ("fix", "dashboard", "history", "match"):
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, at.exception
        at.file_uploader(key="match_left_upload").set_value(
            (canary.BILLING_NAME, canary.billing(), "text/csv")).run()
        at.file_uploader(key="match_right_upload").set_value(
            (canary.SALESFORCE_NAME, canary.salesforce(), "text/csv")).run()
        assert not at.exception, at.exception
    assert shown, "the check page showed its metrics"
    assert any(leaks(table.value.to_csv()) for table in at.dataframe), \
        "the match page showed the canary identifiers (to this session)"
    assert not leaks(said.everything()), [t for t in said.logs + said.warnings if leaks(t)]

    dump = database_dump(own_database)
    assert canary.CUSTOMERS_NAME in dump, "the check is in the history"
    assert not leaks(dump)
    assert not leaks(Path(own_database.removeprefix("sqlite:///")).read_bytes())


def test_the_app_keeps_uploads_in_memory_while_they_arrive(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The web server would spool an upload over 1 MB to a temporary file; the app
    raises that threshold above its upload limit (the served app is tested in
    tests/browser/test_isolation.py)."""
    monkeypatch.setattr(MultiPartParser, "spool_max_size", 1024 * 1024)
    ok = AppTest.from_file(APP, default_timeout=60).run()
    assert not ok.exception, ok.exception
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert MultiPartParser.spool_max_size > config["server"]["maxUploadSize"] * 1024 * 1024
