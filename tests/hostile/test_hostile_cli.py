"""Hostile files through the command line (`python -m checks check FILE`, as a user
runs it), and the size limits of the app, the engine and the command line."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from checks.cli.main import main
from checks.model.errors import UsageError
from checks.model.limits import MAX_UPLOAD_MB, MEGABYTE, megabytes
from checks.read import read_file, read_table
from tests.hostile.builders import customers
from tests.hostile.corpus import CASES_BY_NAME, Case

ROOT = Path(__file__).parents[2]

#: The cases also run through the command line: each kind of outcome (empty, every
#: family of unreadable file, read with findings, read clean) and the heaviest ones.
CLI_SAMPLE = ("empty", "whitespace_only", "png", "gzip", "exe", "json_object", "html",
              "nul_in_middle", "invalid_utf8_in_middle", "windows_1252", "mixed_line_endings",
              "unclosed_quote", "ragged_rows", "ten_mb_line", "ten_mb_cell",
              "formula_injection", "xlsx_truncated", "xlsx_password", "xlsm",
              "billion_laughs_sheet", "zip_bomb", "zip_declares_3gb", "commas_only",
              "cp1252_punctuation", "cp1253_greek", "xlsx_minimal_styles", "xlsx_strict")

_MEMORY = 4 << 30   # address space of the whole command, interpreter and libraries included
_SECONDS = 120


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's files, built once per session (the ZIP bomb takes a second)."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name in CLI_SAMPLE:
        case = CASES_BY_NAME[name]
        path = folder / name / case.file_name
        path.parent.mkdir()
        path.write_bytes(case.build())
        files[name] = path
    return files


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """`python -m checks ARGV` under a memory limit; a hang past the timeout fails."""
    return subprocess.run([sys.executable, "-m", "checks", *argv], capture_output=True,
                          text=True, timeout=_SECONDS, preexec_fn=_limit_memory, check=False)


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_case_through_the_command_line(name: str, sample_files: dict[str, Path]) -> None:
    case: Case = CASES_BY_NAME[name]
    path = sample_files[name]
    done = run_cli("check", str(path))
    assert "Traceback" not in done.stderr
    assert done.returncode == case.exit_status, done.stderr
    if case.exit_status == 2:
        assert done.stdout == ""
        assert done.stderr.startswith(f"preflight: cannot read '{path}': ")
        assert done.stderr.count("\n") == 1 and case.says in done.stderr
    else:
        assert done.stderr == ""
        assert done.stdout.startswith(f"{path}: {case.shape[0]} rows")  # type: ignore[index]


def test_json_output_of_an_unreadable_file(sample_files: dict[str, Path]) -> None:
    """`--format json` still prints the report (the finding says why), exit 2."""
    import json

    done = run_cli("check", str(sample_files["zip_bomb"]), "--format", "json")
    assert done.returncode == 2 and done.stderr == ""
    findings = json.loads(done.stdout)["findings"]
    assert [item["rule"] for item in findings] == ["file_unreadable"]
    assert CASES_BY_NAME["zip_bomb"].says in findings[0]["message"]


# ── the size limit ──────────────────────────────────────────────────────────────────

def test_the_app_upload_limit_is_the_engine_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    """A sparse file one byte over the limit: if it were read, its NUL bytes would
    give another message; the size alone refuses it."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(MAX_UPLOAD_MB * MEGABYTE + 1)
    status, out, err = _cli("check", str(path))
    assert (status, out) == (2, "")
    assert err == (f"preflight: cannot read '{path}': This file is 400.1 MB, larger than the "
                   f"{MAX_UPLOAD_MB} MB Preflight reads. Split it into smaller files (for "
                   "example one per region or per letter of the customer name) and check "
                   "each one.\n")
    table = read_file(path)
    assert list(table.findings["rule"]) == ["file_unreadable"]


def test_max_size_mb_sets_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(customers(40_000))
    size = path.stat().st_size
    assert MEGABYTE < size < 2 * MEGABYTE
    status, _, err = _cli("check", str(path), "--max-size-mb", "1")
    assert status == 2 and "larger than the 1 MB Preflight reads" in err
    status, out, err = _cli("check", str(path), "--max-size-mb", "2.5")
    assert (status, err) == (0, "") and "40000 rows" in out
    status, _, err = _cli("fix", str(path), "--out", str(tmp_path / "out.csv"),
                          "--max-size-mb", "1")
    assert status == 2 and "larger than the 1 MB" in err
    assert not (tmp_path / "out.csv").exists()
    status, _, err = _cli("match", str(path), str(path), "--left-column", "Customer ID",
                          "--right-column", "Customer ID", "--max-size-mb", "1")
    assert status == 2 and "larger than the 1 MB" in err


@pytest.mark.parametrize("value", ["0", "-5", "abc", "nan", "inf"])
def test_max_size_mb_must_be_a_positive_number(value: str) -> None:
    status, out, err = _cli("check", "x.csv", "--max-size-mb", value)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "positive number of megabytes" in err


def test_read_table_refuses_data_over_its_limit() -> None:
    data = customers(40_000)
    assert read_table(data, "x.csv", max_size_mb=2).rows == 40_000
    table = read_table(data, "x.csv", max_size_mb=1)
    assert list(table.findings["rule"]) == ["file_unreadable"]
    assert table.findings["message"][0].startswith(
        f"This file is {megabytes(len(data))}, larger than the 1 MB Preflight reads.")
    with pytest.raises(UsageError):
        read_table(data, "x.csv", max_size_mb=0)
