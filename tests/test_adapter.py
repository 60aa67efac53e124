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
