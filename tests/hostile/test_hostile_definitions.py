"""Hostile definitions: a 50 MB document, a YAML alias bomb and a select field of
100,000 options, through the command line (one line, exit status 2, refused before
parsing) and the engine (within the limits, the check finds exactly what it should)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checks import check_table, read_table
from checks.definitions.document import parse_definitions
from checks.model.errors import DefinitionsError
from checks.model.limits import MAX_OPTIONS_PER_FIELD
from tests.hostile.test_hostile_cli import run_cli
from tests.test_definitions_limits import BOMB

OPTIONS = [f"Segment {i:06d}" for i in range(MAX_OPTIONS_PER_FIELD)]


def fifty_megabytes() -> bytes:
    """A 50 MB definitions document: valid YAML, which only its size makes hostile."""
    head = b"organization: Acme\nworkflows:\n"
    line = b"  - Workflow number that is long enough to fill the document quickly\n"
    return head + line * (50 * 1024 * 1024 // len(line))


def definitions_with(options: list[str]) -> bytes:
    return yaml.safe_dump({"organization": "Acme", "custom_fields": [
        {"name": "Segment", "type": "single_select", "options": options},
        {"name": "Tags", "type": "multi_select", "options": options}]}).encode()


@pytest.mark.parametrize(("document", "says"), [
    (fifty_megabytes, "the document is 50.0 MB; Preflight reads definitions documents of "
                      "at most 5.0 MB"),
    (lambda: BOMB.encode(), "YAML anchors and aliases"),
    (lambda: definitions_with([*OPTIONS, "One too many"]),
     "they list 100,001 options for “Segment”; Preflight accepts at most 100,000 per field"),
], ids=["50_mb", "alias_bomb", "100_001_options"])
def test_the_command_line_refuses_in_one_line(tmp_path: Path, document, says: str) -> None:
    path = tmp_path / "definitions.yaml"
    path.write_bytes(document())
    data = tmp_path / "customers.csv"
    data.write_text("Customer name;Customer ID\nAcme;C1\n", encoding="utf-8")
    done = run_cli("check", str(data), "--definitions", str(path))
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and says in done.stderr
    assert done.stderr.startswith("preflight: The definitions in 'definitions.yaml' are not "
                                  "valid: ")


def test_a_select_field_of_100_000_options_checks_correctly() -> None:
    definitions = parse_definitions(definitions_with(OPTIONS))
    assert len(definitions.custom_fields[0].options) == MAX_OPTIONS_PER_FIELD
    table = read_table(b"Customer name;Customer ID;Segment;Tags\n"
                       b"Acme;C1;Segment 099999;Segment 000001,Segment 000002\n"
                       b"Beta;C2;segment 000123;segment 000007,Segment 000008\n"
                       b"Gamma;C3;Nowhere;Segment 000003,Nowhere\n", "c.csv")
    found = check_table(table, definitions).findings
    cells = found[found["column"].isin(["Segment", "Tags"])]
    got = sorted(zip(cells["row"], cells["column"], cells["rule"], cells["fix"].fillna(""),
                     strict=True))
    assert got == [
        (3, "Segment", "select_option", "Segment 000123"),
        (3, "Tags", "multi_select_option", "Segment 000007,Segment 000008"),
        (4, "Segment", "select_option", ""),
        (4, "Tags", "multi_select_option", ""),
    ]


def test_the_engine_refuses_100_001_options() -> None:
    with pytest.raises(DefinitionsError) as refused:
        parse_definitions(definitions_with([*OPTIONS, "One too many"]))
    assert refused.value.problems == [
        f"they list 100,001 options for “{name}”; Preflight accepts at most 100,000 per field"
        for name in ("Segment", "Tags")]
