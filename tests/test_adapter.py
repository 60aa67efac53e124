"""The adapter evaluates the schema's checks itself (`schema_failures`); pandera's own
lazy validation of the same schema (`pandera_failures`) must find exactly the same
failures, so the schema stays the one definition of what is checked."""

from pathlib import Path

import numpy as np
import pytest

from checks import CheckOptions, DateOrder, demo_definitions, read_table
from checks.check.adapter import pandera_failures, schema_failures
from checks.check.schema import build_schema, validation_frame
from checks.map.headers import map_headers
from tests.read.test_paths import _messy_customer_file

SAMPLES = Path(__file__).parent.parent / "samples"


def _failures(failures: list) -> set[tuple[str, str, int, tuple[int, ...]]]:
    return {(f.check, f.column, f.check_number, tuple(int(p) for p in f.positions))
            for f in failures}


@pytest.mark.parametrize("name", ["customers_messy.csv", "customers_french.csv",
                                  "contacts_clean.csv", "messy"])
@pytest.mark.parametrize("order", [DateOrder.UNKNOWN, DateOrder.DAY_FIRST])
def test_direct_evaluation_finds_what_pandera_finds(name: str, order: DateOrder) -> None:
    data = _messy_customer_file() if name == "messy" else (SAMPLES / name).read_bytes()
    table = read_table(data, name)
    definitions = demo_definitions()
    mapping = map_headers(table.headers, definitions)
    plan = build_schema(mapping, definitions, CheckOptions(order))
    frame = validation_frame(table, mapping)
    direct = schema_failures(plan, frame)
    assert bool(direct) == (name != "contacts_clean.csv")
    assert _failures(direct) == _failures(pandera_failures(plan, frame))
    for failure in direct:
        assert np.all(np.diff(failure.positions) > 0)


def _unmapped_file(columns: int, lines: int) -> bytes:
    """A customer file with many columns Upflow does not know, some cells of which a
    spreadsheet would run as formulas (one column is blank throughout)."""
    header = ["Customer name", "Customer ID", *(f"Extra {n}" for n in range(columns))]
    rows = [";".join(header)]
    for line in range(lines):
        cells = [f"Acme {line}", f"C{line}"]
        cells += ["" if n == 3 else (f"=SUM(A{line})" if (n * 7 + line) % 5 == 0 else
                                     f"+33 {n}" if (n + line) % 11 == 0 else f"v{n}")
                  for n in range(columns)]
        rows.append(";".join(cells))
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(("columns", "lines"), [(1, 3), (40, 5), (3, 2_000)])
def test_columns_checked_together_find_what_pandera_finds_column_by_column(
        columns: int, lines: int) -> None:
    """The columns judged for formula safety alone are one schema entry (a pattern)
    whose cells are judged together; pandera judges each matching column on its own:
    the same failures, column by column, in the file's order."""
    table = read_table(_unmapped_file(columns, lines), "wide.csv")
    definitions = demo_definitions()
    mapping = map_headers(table.headers, definitions)
    plan = build_schema(mapping, definitions, CheckOptions())
    frame = validation_frame(table, mapping)
    assert len(plan.together) == columns
    direct = schema_failures(plan, frame)
    assert any(f.check == "formula_like" for f in direct)
    assert _failures(direct) == _failures(pandera_failures(plan, frame))
    unmapped = [f for f in direct if f.column in plan.together]
    assert [plan.positions[f.column] for f in unmapped] == sorted(
        plan.positions[f.column] for f in unmapped)


def test_columns_not_held_by_arrow_are_judged_one_by_one_with_the_same_result() -> None:
    """Columns that cannot share Arrow chunks (object columns, as a test or an older
    reader builds) are judged column by column: the same failures."""
    table = read_table(_unmapped_file(6, 4), "wide.csv")
    definitions = demo_definitions()
    mapping = map_headers(table.headers, definitions)
    plan = build_schema(mapping, definitions, CheckOptions())
    frame = validation_frame(table, mapping)
    as_objects = frame.astype(object)
    assert _failures(schema_failures(plan, as_objects)) == _failures(
        schema_failures(plan, frame))
