"""`check --format json` writes its findings in batches, and the text is unchanged.

Why: a check with 300,000 findings (issue 19) must not hold its whole JSON text in
memory, yet scripts read that output: it must stay one JSON document, byte for byte
what `json.dump(..., ensure_ascii=False, indent=2)` writes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from checks.cli import check as check_command
from checks.cli.json_output import Records, dump_json, record_dicts
from checks.cli.main import main


class Writes(io.StringIO):
    """A stdout that remembers the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


def _frame(rows: list[tuple[int | None, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "row": pd.array([row for row, _, _ in rows], dtype="Int64"),
        "column": pd.Series([column for _, column, _ in rows], dtype=object),
        "value": pd.Series([value for _, _, value in rows], dtype=object),
    })


texts = st.none() | st.text(max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.none() | st.integers(0, 10**7), texts, texts), max_size=30),
       st.integers(1, 7), st.integers(0, 6))
def test_batches_write_what_json_dump_writes(
        rows: list[tuple[int | None, str | None, str | None]], batch: int, depth: int) -> None:
    frame = _frame(rows)
    document: object = Records(frame)
    plain: object = record_dicts(frame)
    for level in range(depth):  # nested, so the array's closing bracket is indented
        document, plain = {f"k{level}": document, "n": [level, None]}, {
            f"k{level}": plain, "n": [level, None]}
    out = Writes()
    original, Records.BATCH = Records.BATCH, batch
    try:
        dump_json(document if isinstance(document, dict) else {"all": document}, out)
    finally:
        Records.BATCH = original
    expected = json.dumps(plain if isinstance(plain, dict) else {"all": plain},
                          ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == expected


def test_records_are_written_a_batch_at_a_time() -> None:
    frame = _frame([(n, f"Col {n}", "é \" \\ \n") for n in range(1_000)])
    out = Writes()
    Records(frame).write(out, indent=2, batch=100)
    assert json.loads(out.getvalue()) == record_dicts(frame)
    # Ten batches, each one write of about a tenth of the text, never the whole.
    assert max(out.sizes) < len(out.getvalue()) / 5
    assert sum(size > 1_000 for size in out.sizes) == 10
    with pytest.raises(ValueError):
        Records(frame).write(io.StringIO(), indent=2, batch=0)


def test_check_json_on_a_file_is_the_same_document_streamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file with thousands of findings: the streamed output equals the plain
    `json.dump` of the same report, byte for byte, and came in many small writes."""
    path = tmp_path / "lists.csv"
    generate(2_000, error_rate=0.1, seed=4, shape="members-lists").write(path)
    monkeypatch.setattr(Records, "BATCH", 100)
    streamed = Writes()
    assert main(["check", str(path), "--format", "json"], streamed, io.StringIO()) == 1
    monkeypatch.setattr(check_command, "Records", record_dicts)  # the plain encoder
    plain = io.StringIO()
    assert main(["check", str(path), "--format", "json"], plain, io.StringIO()) == 1
    assert streamed.getvalue() == plain.getvalue()
    document = json.loads(streamed.getvalue())
    assert len(document["findings"]) > 500
    assert max(streamed.sizes) < len(streamed.getvalue()) / 4


@pytest.mark.parametrize("command", ["check", "fix"])
def test_text_output_is_written_a_batch_at_a_time_and_reads_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """The text of `check` and `fix` (one line per finding, per change) is written a
    batch of lines at a time, never built whole, and the batches read exactly as one
    text: the same lines, whatever the batch size."""
    path = tmp_path / "lists.csv"
    generate(2_000, error_rate=0.1, seed=4, shape="members-lists").write(path)
    extra = ["--out", str(tmp_path / "fixed.csv")] if command == "fix" else []

    def run(batch: int) -> Writes:
        monkeypatch.setattr(check_command, "TEXT_BATCH", batch)
        out = Writes()
        assert main([command, str(path), *extra], out, io.StringIO()) == 1
        return out

    whole, batched = run(10**9), run(97)
    assert batched.getvalue() == whole.getvalue()
    lines = batched.getvalue().splitlines()
    assert len(lines) > 500
    if command == "check":
        assert lines[-1].endswith("not ready for Upflow")
    else:
        assert any(line.startswith("Wrote ") for line in lines[-3:]), lines[-3:]
    assert max(batched.sizes) < len(batched.getvalue()) / 4
