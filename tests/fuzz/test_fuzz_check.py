"""Fuzzing the whole check: read → check → fix → export on generated customer files
(Upflow's headers and their disguises, cells full of CSV structure and near-valid
values, ragged records, workbooks, raw garbage), against the demo definitions, with
any date order, column overrides and choice of fixes. Nothing may raise; findings,
fixes and exports must stay consistent with the table they describe. The CLI runs
in-process on the same files: exit 0, 1 or 2, and a one-line message for 2.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checks.check.cells.base import CheckOptions, DateOrder
from checks.check.validate import CheckResult, check_table
from checks.cli.main import main
from checks.export.csv import default_separator, export_csv, export_headers
from checks.fix.fixes import FIXES, FIXES_BY_NAME, apply_fixes
from checks.map.headers import IGNORE
from checks.model.findings import FRAME_COLUMNS
from checks.model.rules import RULES, Scope
from checks.read import read_table
from tests.fuzz.budget import examples
from tests.fuzz.invariants import assert_well_formed
from tests.helpers import DEFS
from tests.strategies import (
    KNOWN_HEADERS,
    LINE_END,
    SEPARATOR,
    cell_texts,
    csv_text,
    encoded,
    headers,
    raw_csv_texts,
)


def _xlsx(records: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for record in records:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in record])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@st.composite
def customer_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, file name): mostly CSV files with Upflow-like headers, some workbooks
    and some raw CSV-ish text."""
    kind = draw(st.sampled_from(["csv", "csv", "csv", "xlsx", "raw"]))
    if kind == "raw":
        return encoded(draw(raw_csv_texts()), "utf-8"), "raw.csv"
    width = draw(st.integers(1, 8))
    head = draw(st.lists(headers(), min_size=width, max_size=width))
    ragged = draw(st.booleans())
    row = st.lists(cell_texts(), min_size=0 if ragged else width,
                   max_size=width + 2 if ragged else width)
    records = [head, *draw(st.lists(row, max_size=8))]
    if kind == "xlsx":
        return _xlsx(records), "customers.xlsx"
    text = csv_text(records, draw(SEPARATOR), draw(LINE_END), quote_all=draw(st.booleans()),
                    final_line_end=draw(st.booleans()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return encoded(text, encoding), "customers.csv"


OPTIONS = st.builds(CheckOptions, st.sampled_from(list(DateOrder)))
OVERRIDES = st.dictionaries(st.integers(0, 9), st.one_of(st.just(IGNORE),
                                                         st.sampled_from(KNOWN_HEADERS)),
                            max_size=3)


def assert_findings_describe(result: CheckResult) -> None:
    """Every finding is of the catalogue and points at something the table has."""
    findings, table = result.findings, result.table
    assert list(findings.columns) == list(FRAME_COLUMNS)  # RULES.md's, then position
    assert findings["rule"].isin(list(RULES)).all()
    assert (findings["severity"] == findings["rule"].map(
        lambda rule: RULES[rule].severity.value)).all()
    assert findings["message"].map(lambda text: isinstance(text, str) and text != "").all()
    assert set(findings["row"].dropna()) <= set(table.data.index)
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(table.headers):
        positions.setdefault(header, []).append(position)
    cells = findings.loc[[RULES[rule].scope is Scope.CELL for rule in findings["rule"]]]
    assert cells["row"].notna().all() and cells["column"].isin(list(positions)).all()
    for row, column, value in zip(cells["row"], cells["column"], cells["value"], strict=True):
        # A finding names its column by header: with a header written twice (itself a
        # duplicate_header error) it is the cell of one of them.
        seen = {table.data.at[int(row), position] for position in positions[column]}
        assert value in seen, (row, column)
    fixes = findings["fix"].dropna()
    assert fixes.map(lambda fix: isinstance(fix, str)).all()
    # Never "ready" without something to import: a file that could be checked and has
    # no import section gets no_import_columns (once); an empty or unreadable one only
    # its own finding.
    checked = bool(table.headers) and not table.data.empty and not table.unusable_reasons
    expected = 1 if checked and not result.mapping.sections else 0
    assert int((findings["rule"] == "no_import_columns").sum()) == expected
    assert result.ready == (not result.has_errors and bool(result.mapping.sections))


def assert_fixes_are_bookkept(result: CheckResult, names: list[str]) -> None:
    """Only the logged cells change, each from its `before` to its `after`; the
    fixed table exports and reads back cell for cell."""
    outcome = apply_fixes(result, names)
    before, after = result.table.data, outcome.table.data
    assert outcome.table.headers == result.table.headers
    assert after.index.equals(before.index)
    rules = {rule for name in names for rule in FIXES_BY_NAME[name].rules}
    assert outcome.changes["rule"].isin(list(rules)).all()
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(result.table.headers):
        positions.setdefault(header, []).append(position)
    changed = pd.DataFrame(False, index=before.index, columns=before.columns)
    for change in outcome.changes.itertuples(index=False):
        row = int(change.row)
        # The cell of that header (one of them, if it repeats) that went from before
        # to after.
        position = next(position for position in positions[change.column]
                        if before.at[row, position] == change.before
                        and after.at[row, position] == change.after != change.before)
        changed.at[row, position] = True
    assert before.mask(changed, "").equals(after.mask(changed, ""))
    assert_findings_describe(outcome.result)

    data = export_csv(outcome.table, outcome.result.mapping)
    if not outcome.table.headers:
        assert data == b""
        return
    width = len(outcome.table.headers)
    back = [record or [""] * width  # csv reads a line of one empty cell as []
            for record in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                                     delimiter=default_separator(outcome.table))]
    assert back[0] == list(export_headers(outcome.table, outcome.result.mapping))
    assert back[1:] == after.values.tolist()


@examples(under_ci=90)
@example(file=(b'"\xef\xbb\xbf', "raw.csv"), options=CheckOptions(), overrides={}, fixes=[])
@example(file=(b"Customer name;Segment;Segment\nAcme;keep me;smb\n", "x.csv"),  # fix went
         options=CheckOptions(), overrides={1: IGNORE}, fixes=["options"])     # to column 1
@given(file=customer_files(), options=OPTIONS, overrides=OVERRIDES,
       fixes=st.lists(st.sampled_from([fix.name for fix in FIXES]), unique=True))
def test_the_whole_check_holds_on_fuzzed_files(file: tuple[bytes, str], options: CheckOptions,
                                               overrides: dict[int, str],
                                               fixes: list[str]) -> None:
    data, name = file
    table = read_table(data, name)
    assert_well_formed(table)
    result = check_table(table, DEFS, options, overrides)
    assert_findings_describe(result)
    assert_fixes_are_bookkept(result, fixes)
    cell_rules = [rule for rule in result.findings["rule"] if RULES[rule].scope is Scope.CELL]
    event(f"cell findings: {min(len(cell_rules), 5)}{'+' if len(cell_rules) >= 5 else ''}")
    event(f"fixable: {'yes' if result.findings['fix'].notna().any() else 'no'}")


def _run(argv: list[str]) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(argv, stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def _one_line(stderr: str) -> bool:
    return stderr.startswith("preflight: ") and stderr.count("\n") == 1 and stderr.endswith("\n")


@examples(under_ci=50)
@given(file=st.one_of(customer_files(), st.tuples(st.binary(max_size=500),
                                                  st.sampled_from(["x.csv", "x.xlsx"]))),
       output=st.sampled_from(["text", "json"]),
       flags=st.lists(st.sampled_from(["--day-first", "--sep=;", "--sep=,", "--sep=|",
                                       "--sheet=Sheet", "--sheet=Nope"]), max_size=2,
                      unique=True))
def test_cli_check_on_fuzzed_files(file: tuple[bytes, str], output: str,
                                   flags: list[str]) -> None:
    data, name = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        status, out, err = _run(["check", str(path), "--format", output, *flags])
    assert status in (0, 1, 2)
    if status == 2 and output == "text" or err:
        assert status == 2 and _one_line(err) and out == ""
        return
    if output == "json":
        report = json.loads(out)
        summary = report["summary"]
        assert len(report["findings"]) == summary["errors"] + summary["warnings"] + \
            summary["infos"]
        assert (status == 1) == (summary["errors"] > 0 and status != 2)
    else:
        assert out.endswith("ready for Upflow\n")
        assert (status == 1) == out.rstrip().endswith("not ready for Upflow")


@examples(under_ci=30)
@example(file=(b";\t", "x.csv"), flags=[], rejects=False)  # tab-separated: written with ;
@given(file=customer_files(),
       flags=st.lists(st.sampled_from(["--keep-headers", "--bom", "--line-ending=lf",
                                       "--sep=|", "--skip=whitespace", "--day-first",
                                       "--format=json"]), max_size=3, unique=True),
       rejects=st.booleans())
def test_cli_fix_on_fuzzed_files(file: tuple[bytes, str], flags: list[str],
                                 rejects: bool) -> None:
    data, name = file
    with tempfile.TemporaryDirectory() as folder:
        path, out_path = Path(folder) / name, Path(folder) / "fixed.csv"
        path.write_bytes(data)
        extra = ["--rejects", str(Path(folder) / "rejects.csv")] if rejects else []
        status, out, err = _run(["fix", str(path), "--out", str(out_path), *flags, *extra])
        assert status in (0, 1, 2)
        if status == 2:
            assert _one_line(err) and out == ""
            assert not out_path.exists()
            return
        assert err == ""
        fixed = out_path.read_bytes()
    # The separator the corrected file is written with (";" for a tab-separated input).
    separator = "|" if "--sep=|" in flags else default_separator(read_table(data, name))
    written = read_table(fixed, "fixed.csv", separator=separator)
    assert "file_unreadable" not in set(written.findings["rule"])
    # Lines, not rows read back: a long ragged row whose kept cells are all empty (its
    # text was past the header's width) is written as an empty line.
    records = csv.reader(io.StringIO(fixed.decode("utf-8-sig"), newline=""),
                         delimiter=separator)
    lines = max(len(list(records)) - 1, 0)  # an empty file has not even a header line
    if "--format=json" in flags:
        assert json.loads(out)["written"]["out"] == lines
    else:
        assert f"Wrote {lines} lines to {out_path}" in out
