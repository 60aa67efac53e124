"""The benchmark's generated files: every injected error is found, nothing else is.

Why: the benchmark (bench/, issue 7) only means something if the engine does all
the work on its files, so the generator's truth file doubles as a recall/precision
oracle: at a size CI affords, `preflight check` must report exactly the injected
(row, column, rule) triples (recall 100%, no finding on an untouched cell; the few
findings an injection causes on another line, like both lines of a second main
contact, are in the truth file itself). The floor must count the same findings, or
the check/floor ratio would compare unequal work.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from bench import floor
from bench.frictionless_schema import build_schema
from bench.generate import CATALOGUE, generate
from checks import demo_definitions
from checks.cli.main import main

ROWS = 3_000
ERROR_RATE = 0.2


def check(path: Path) -> tuple[int, set[tuple[int, str, str]]]:
    """`preflight check --format json` in-process: exit status and finding triples."""
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(path), "--format", "json"], out, err)
    findings = json.loads(out.getvalue())["findings"]
    return status, {(f["row"], f["column"], f["rule"]) for f in findings}


def truth_triples(truth: pd.DataFrame) -> set[tuple[int, str, str]]:
    return set(zip(truth["row"].astype(int), truth["column"], truth["rule"], strict=True))


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    path = tmp_path_factory.mktemp("bench") / "injected.csv"
    generated = generate(ROWS, sep=";", error_rate=ERROR_RATE, seed=7)
    generated.write(path)
    return path, generated.truth


@pytest.mark.parametrize("sep", [";", ",", "|"])
def test_clean_file_has_no_finding(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "clean.csv"
    generated = generate(ROWS, sep=sep, error_rate=0.0, seed=3)
    generated.write(path)
    assert generated.truth.empty
    assert check(path) == (0, set())
    assert floor.count_findings(path) == {}


def test_every_injected_error_is_found_and_nothing_else(
        injected: tuple[Path, pd.DataFrame]) -> None:
    path, truth = injected
    status, found = check(path)
    expected = truth_triples(truth)
    assert status == 1
    assert not expected - found, "injected errors not found"
    assert not found - expected, "findings on cells no injection touched"


def test_every_kind_of_error_is_injected(injected: tuple[Path, pd.DataFrame]) -> None:
    _, truth = injected
    assert set(truth["injection"]) == {kind.name for kind in CATALOGUE}
    # One injection per line, on a fifth of the lines (a pair's partner line only
    # gets the consequence recorded with it).
    injected_lines = truth.drop_duplicates(["injection", "row"])
    partners = truth[truth.duplicated(["injection", "column", "rule"], keep=False)
                     & (truth["injection"] == "main_contact_multiple")]
    assert len(injected_lines) - len(partners) // 2 == round(ROWS * ERROR_RATE)


def test_separators_quote_what_needs_quoting(tmp_path: Path) -> None:
    """Multi-select items and account managers hold commas, some injected values
    semicolons and quotes: every separator must read back to the same findings."""
    results = []
    for sep in (";", ",", "|"):
        path = tmp_path / f"sep{ord(sep)}.csv"
        generated = generate(1_000, sep=sep, error_rate=ERROR_RATE, seed=11)
        generated.write(path)
        status, found = check(path)
        assert found == truth_triples(generated.truth)
        results.append(found)
    assert results[0] == results[1] == results[2]


def test_generation_is_deterministic() -> None:
    first = generate(500, error_rate=0.1, seed=5)
    again = generate(500, error_rate=0.1, seed=5)
    other = generate(500, error_rate=0.1, seed=6)
    assert first.data.to_pybytes() == again.data.to_pybytes()
    assert first.truth.equals(again.truth)
    assert first.data.to_pybytes() != other.data.to_pybytes()


def test_file_shape_matches_the_reference() -> None:
    """About 25 columns and 290 bytes a line: 1,000,000 lines make about 290 MB."""
    generated = generate(2_000, error_rate=0.02, seed=1)
    assert len(generated.headers) == 25
    assert 270 <= generated.data.size / generated.rows <= 310


def test_floor_counts_the_same_findings(injected: tuple[Path, pd.DataFrame]) -> None:
    path, truth = injected
    assert floor.count_findings(path) == truth["rule"].value_counts().sort_index().to_dict()


@pytest.fixture(scope="module")
def members_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The adversarial shape of issue 19, with injected errors too."""
    path = tmp_path_factory.mktemp("bench") / "members.csv"
    generated = generate(ROWS, sep=";", error_rate=0.05, seed=19, shape="members-lists")
    generated.write(path)
    return path, generated.truth


def test_members_lists_findings_are_exactly_the_recorded_ones(
        members_file: tuple[Path, pd.DataFrame]) -> None:
    path, truth = members_file
    status, found = check(path)
    assert status == 1
    assert found == truth_triples(truth)


def test_floor_counts_the_members_lists_findings(
        members_file: tuple[Path, pd.DataFrame]) -> None:
    """The floor does the same work on the adversarial file: the `a, b` lists'
    whitespace and the comparisons of a customer's several lines included."""
    path, truth = members_file
    assert floor.count_findings(path) == truth["rule"].value_counts().sort_index().to_dict()


def test_members_lists_shape_is_adversarial(members_file: tuple[Path, pd.DataFrame]) -> None:
    """What made the user's file heavy: every account manager in lists, a quarter of
    the lines with an `a, b` whitespace warning, customers on several lines."""
    path, truth = members_file
    data = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    managers = data["Account manager"].str.split(",").explode().str.strip()
    expected = {m.email for m in demo_definitions().members if "account_manager" in m.roles}
    assert expected <= set(managers)
    assert data["Account manager"].str.count(",").max() == 2
    spaced = truth[truth["injection"] == "spaced_list"]
    assert set(spaced["column"]) == {"Account manager", "Tags"}
    assert 0.18 * ROWS <= len(spaced) <= 0.3 * ROWS
    assert data["Customer ID"].duplicated(keep=False).mean() > 0.3


def test_an_unknown_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        generate(10, shape="wide")


def test_floor_uses_the_engines_rules() -> None:
    """The floor copies the engine's constants (to stay free of its imports); a
    change in the engine must show up here."""
    from checks.check.cells import contacts, emails, numbers
    from checks.check.cells import formula_like as formulas
    from checks.check.cells import id_damage as identifiers
    from checks.check.cells import text_fields as texts
    from checks.check.priority import VALUE_RULE_PRIORITY
    from checks.definitions.document import POSITIONS
    from checks.text.vectorised import _ODD_SPACES

    assert floor.EMAIL_PATTERN == emails.EMAIL_PATTERN
    assert floor.NUMBER_PATTERN == f"^{numbers.VALID_NUMBER}$"
    assert floor.SCIENTIFIC_PATTERN == f"^{identifiers.SCIENTIFIC}$"
    assert floor.TRAILING_ZERO_PATTERN == f"^{identifiers.TRAILING_ZERO}$"
    assert floor.NUMBER_LIKE_PATTERN == f"^{formulas.NUMBER_LIKE}$"
    assert floor.FORMULA_STARTS == formulas.FORMULA_STARTS
    assert floor.MIN_PADDED_SHARE == identifiers.MIN_PADDED_SHARE
    assert floor.TEXT_LIMIT == texts.MAX_CHARACTERS
    assert set(floor.MAIN_CONTACT_YES) == contacts.MAIN_CONTACT_YES
    assert floor.POSITIONS == POSITIONS
    assert floor.PRIORITY == VALUE_RULE_PRIORITY
    assert set(floor.ODD_SPACES) == set(_ODD_SPACES) | {"\r", "\n", "\t"}


def test_floor_computes_every_rule_the_engine_can_report_on_its_files(
        injected: tuple[Path, pd.DataFrame]) -> None:
    """A rule added to the catalogue must be added to the floor too (or said not to
    apply to the benchmark's files), or the check/floor ratio would compare the engine
    doing more work than the floor."""
    from checks.model.rules import RULES

    assert floor.RULES | set(floor.NOT_ON_ITS_FILES) == set(RULES)
    assert not floor.RULES & set(floor.NOT_ON_ITS_FILES)
    _, truth = injected
    assert set(truth["rule"]) == floor.RULES, "every rule the floor computes is exercised"


def test_frictionless_schema_has_a_field_per_column() -> None:
    generated = generate(10, seed=1)
    schema = build_schema()
    assert [f["name"] for f in schema["fields"]] == list(generated.headers)


def test_frictionless_accepts_the_clean_file(tmp_path: Path) -> None:
    """The equivalent schema must not reject valid data (only parents that are the
    organization's known customers, which a Table Schema foreign key cannot list)."""
    # frictionless comes with the bench extra, which scripts/test installs.
    from bench.frictionless_schema import validate

    path = tmp_path / "clean.csv"
    generate(500, error_rate=0.0, seed=3).write(path)
    result = validate(path, ";")
    assert set(result["by_type"]) <= {"foreign-key"}
