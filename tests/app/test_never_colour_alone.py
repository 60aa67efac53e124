"""Accessibility of the pages' signs: no problem is shown by colour alone (the grid and
the Fix page's editor say each row's problems in words), the dashboard's heatmap tells
errors from warnings in colour-blind-safe colours and in words, and no page shows a
character that needs an emoji font (it would be an empty box without one)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from checks import RULES
from checks.i18n import use_language
from tests.app.conftest import APP, SAMPLES
from ui import session

MESSY = "customers_messy.csv"
PAGES = ("check", "fix", "dashboard", "history", "match", "definitions", "help")

#: Emoji and pictographs (U+1F000–U+1FAFF), dingbats and miscellaneous symbols (warning
#: sign, check marks, crosses: U+2600–U+27BF), miscellaneous technical pictographs
#: (U+2300–U+23FF), U+2B00–U+2BFF (coloured squares and circles' kin) and the emoji
#: presentation selector: none is in the default fonts of every reader's system.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2300-\u23FF\u2B00-\u2BFF\uFE0F]")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def shown_texts(at: AppTest) -> list[str]:
    """Every string of every element on the page, as sent to the browser (labels,
    bodies, help, options, chart specs; a table's cells are the file's own, sent as
    Arrow bytes, and are left out)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            found.extend(_strings(MessageToDict(proto)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def emoji_in(at: AppTest) -> dict[str, str]:
    return {text: "".join(EMOJI.findall(text)) for text in shown_texts(at)
            if EMOJI.search(text)}


@pytest.fixture
def loaded(app: AppTest) -> AppTest:
    """The app with the messy sample in the session, as the check page leaves it."""
    app.session_state[session.UPLOAD] = session.Upload(MESSY, (SAMPLES / MESSY).read_bytes())
    return app


def started_in_french_with_the_sample() -> AppTest:
    """The app in French (run it in a `use_language("fr")` block: AppTest formats the
    widgets in the test's thread) with the messy sample in the session."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["language"] = "fr"
    at.session_state[session.UPLOAD] = session.Upload(MESSY, (SAMPLES / MESSY).read_bytes())
    return at.run()


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_no_page_shows_an_emoji(loaded: AppTest) -> None:
    for page in PAGES:
        at = visit(loaded, page)
        assert shown_texts(at), page
        assert emoji_in(at) == {}, page


def test_no_page_shows_an_emoji_in_french() -> None:
    with use_language("fr"):
        at = started_in_french_with_the_sample()
        for page in PAGES:
            visit(at, page)
            assert emoji_in(at) == {}, page


def test_the_help_page_marks_severities_with_bundled_icons_and_words(app: AppTest) -> None:
    at = visit(app, "help")
    icons = {"error": ":material/error:", "warning": ":material/warning:",
             "info": ":material/info:"}
    assert len(at.expander) == len(RULES)
    for expander in at.expander:
        code = re.search(r"`([^`]+)`", expander.label).group(1)
        severity = RULES[code].severity.value
        assert expander.proto.icon == icons[severity], code
        assert expander.label.endswith(f"· {severity}")


def test_the_scan_sees_what_a_page_shows(app: AppTest) -> None:
    """The emoji scan reads labels and bodies: a rule's title and meaning are in it."""
    texts = " ".join(shown_texts(visit(app, "help")))
    rule = RULES["required_missing"]
    assert rule.title in texts and rule.meaning in texts
    assert EMOJI.findall("🔴 ✅ ⚠️ 🚩 ✖ → · – …") == ["🔴", "✅", "⚠", "\ufe0f", "🚩", "✖"]


def test_the_grid_says_each_rows_problems_in_words(loaded: AppTest) -> None:
    at = visit(loaded, "check")
    grid = at.dataframe(key="check_grid").value
    assert grid.columns[0] == "Status"
    status = dict(zip(grid.index, grid["Status"], strict=True))
    assert status[3] == "2 errors: Workflow, Segment · 1 warning: Customer ID"
    assert status[6] == "1 warning: Customer name"
    assert all(re.match(r"\d+ (error|warning)", text) for text in status.values())
    spec = at.dataframe(key="check_grid").proto.columns
    assert json.loads(spec)["Status"]["pinned"] is True
    assert "Status" in " ".join(c.value for c in at.caption if "Red cells" in c.value)


def test_the_grid_status_speaks_french() -> None:
    with use_language("fr"):
        at = started_in_french_with_the_sample()
        visit(at, "check")
    grid = at.dataframe(key="check_grid").value
    assert grid.columns[0] == "État"
    assert grid.loc[3, "État"] == ("2 erreurs\u00a0: Workflow, Segment · "
                                   "1 avertissement\u00a0: Customer ID")


def _editor(at: AppTest):
    return next(e for e in at.data_editor if e.key.startswith("fix_editor_"))


def test_the_editor_of_lines_in_error_says_their_problems(loaded: AppTest) -> None:
    at = visit(loaded, "fix")
    editor = _editor(at)
    assert list(editor.value.columns[:2]) == ["To correct", "Status"]
    before = editor.value.loc[5, "Status"]
    assert before == "7 errors: Customer name, Parent ID, Account manager, +4"
    assert editor.value.loc[5, "To correct"].startswith("Customer name: Mandatory value missing")
    # row 5 (position 1) gets a name: the status says what is left, at once
    at.session_state[editor.key] = {"edited_rows": {1: {"Customer name": "Initech"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    after = _editor(at).value.loc[5]
    assert after["Status"] == "6 errors: Parent ID, Account manager, Workflow, +3"
    assert after["To correct"].startswith("Parent ID: ")


def test_the_heatmap_tells_errors_from_warnings(loaded: AppTest) -> None:
    at = visit(loaded, "dashboard")
    charts = {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    errors, warnings = charts["dashboard_heatmap"]["data"]
    assert (errors["colorbar"]["title"]["text"], warnings["colorbar"]["title"]["text"]) == (
        "Errors", "Warnings")
    assert errors["colorscale"][-1][1] != warnings["colorscale"][-1][1]
    assert errors["zmax"] >= 1 and errors["colorbar"]["tickformat"] == ",d"
    labels = {label for row in errors["customdata"] for label in row}
    assert labels == {"1 error", "1 warning", "no problem"}  # one line per block here
