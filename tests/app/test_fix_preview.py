"""Fix & export: what the import will do in Upflow, shown above the downloads for the
file as it will be downloaded (fixes and edits included), computed once per result."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from checks import (
    Store,
    apply_fixes,
    check_table,
    demo_definitions,
    import_preview,
    read_table,
)
from tests.app.conftest import APP, SAMPLES
from tests.app.test_fix_page import type_into
from tests.test_preview import CAMILLE, HAND, LEA
from ui import memo, session

PREVIEW = memo.PREFIX + "preview"  # the session chain's preview: (inputs, ImportPreview)
MESSY = "customers_messy.csv"


def open_fix(at: AppTest, name: str, data: bytes) -> AppTest:
    at.session_state[session.UPLOAD] = session.Upload(name, data)
    at.switch_page("pages/fix.py").run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> tuple[list[str], pd.DataFrame]:
    """The preview's sentences (Markdown escapes undone) and its table."""
    block = at.get_by_key("fix_preview")
    text = block.markdown[0].value.replace("\\", "")
    return [line.removeprefix("- ") for line in text.splitlines()], block.dataframe[0].value


def test_the_preview_of_a_hand_made_file_with_known_customers(app: AppTest) -> None:
    at = open_fix(app, "hand.csv", HAND.encode("utf-8"))
    sentences, table = shown(at)
    assert sentences == [
        "3 customers updated (already in Upflow), 2 created (new in Upflow).",
        "3 contacts added or updated.",
        f"Account managers assigned: {CAMILLE} for 2 customers, {LEA} for 2 customers.",
        "Workflows assigned: Standard for 2 customers, Dunning+ for 1 customer.",
        "Custom fields set: Segment for 4 customers.",
        "1 line will be rejected by Upflow (it has an error): it neither updates nor creates "
        "a customer."]
    assert table.to_dict("list") == {
        "Section": ["Details", "Assignment", "Custom fields", "Contacts"],
        "Lines": [8, 3, 4, 4], "Customers": [5, 3, 4, 2],
        "Already in Upflow (updated)": [3, 2, 3, 1], "New (created)": [2, 1, 1, 1]}


def test_it_sits_just_above_the_downloads(app: AppTest) -> None:
    at = open_fix(app, MESSY, (SAMPLES / MESSY).read_bytes())
    headings = [heading.value for heading in at.subheader]
    at_preview = headings.index("What the import will do in Upflow")
    assert headings[at_preview + 1] == "Download"


def test_it_describes_the_corrected_file_not_the_first_check(app: AppTest) -> None:
    data = (SAMPLES / MESSY).read_bytes()
    at = open_fix(app, MESSY, data)
    first = check_table(read_table(data, MESSY), demo_definitions())
    final = import_preview(apply_fixes(first).result)
    assert import_preview(first).rejected_lines == 4 and final.rejected_lines == 2
    assert at.session_state[PREVIEW][1] == final
    sentences, table = shown(at)
    assert sentences[0] == "1 customer updated (already in Upflow), 1 created (new in Upflow)."
    assert sentences[-1].startswith("2 lines will be rejected by Upflow")
    assert table["Lines"].tolist() == [3, 1, 3, 3]  # Details, Groups, Assignment, Custom fields


def test_a_fix_switched_off_changes_the_preview_and_a_rerun_keeps_it(app: AppTest) -> None:
    at = open_fix(app, MESSY, (SAMPLES / MESSY).read_bytes())
    kept = at.session_state[PREVIEW][1]
    at.radio(key="fix_separator").set_value(",").run()
    assert at.session_state[PREVIEW][1] is kept  # computed once per final result
    at.toggle(key="fix_toggle_workflows").set_value(False).run()
    changed = at.session_state[PREVIEW][1]
    # 'standard' (row 2) and 'Key accounts - soft' (row 3) are errors again
    assert changed is not kept and changed.rejected_lines == 4
    assert shown(at)[0][-1].startswith("4 lines will be rejected by Upflow")


def test_without_known_customers_it_says_it_cannot_tell(own_database: str) -> None:
    store = Store(sa.create_engine(own_database))
    store.migrate()
    store.save_definitions(replace(demo_definitions(), customers=()), "test")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = open_fix(at, "hand.csv", HAND.encode("utf-8"))
    sentences, table = shown(at)
    assert sentences[0].startswith("5 customers in the file. Which are already in Upflow")
    assert list(table.columns) == ["Section", "Lines", "Customers"]


def test_in_french(french: AppTest) -> None:
    at = open_fix(french, "hand.csv", HAND.encode("utf-8"))
    assert "Ce que l'import fera dans Upflow" in [h.value for h in at.subheader]
    sentences, table = shown(at)
    assert sentences[0] == ("3 clients mis à jour (déjà dans Upflow), 2 créés (nouveaux dans "
                            "Upflow).")
    assert sentences[-1].startswith("1 ligne sera refusée par Upflow")
    assert list(table.columns)[:3] == ["Section", "Lignes", "Clients"]


def test_an_edit_changes_the_preview(app: AppTest) -> None:
    """Row 4's only error is an account manager who is not a member: typing a member's
    email makes Upflow take the line, and Globex SA (124, a new ID) is created."""
    at = open_fix(app, MESSY, (SAMPLES / MESSY).read_bytes())
    type_into(at, 0, "Account manager", LEA)
    sentences, _table = shown(at)
    assert sentences[0] == "1 customer updated (already in Upflow), 2 created (new in Upflow)."
    assert sentences[-1].startswith("1 line will be rejected by Upflow")
