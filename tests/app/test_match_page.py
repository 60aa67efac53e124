"""Identifier match: two exports in, every number on the page equal to the engine's on
the same bytes and columns, the column pickers, the class filter, the downloads, and
unusable files as messages."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from checks import MatchResult, match_identifiers, read_table, suggest_columns
from checks.views.match import Sides, class_titles
from tests.app.conftest import SAMPLES
from tests.app.downloads import download, record_media

# Billing side: A-1..A-3 match; "a-4 " is a near miss of A-4 (case and a space); A-5
# is in billing only; A-6 is on two lines (ambiguous); one line has no identifier.
BILLING = ("billing.csv", (
    b"Customer name;Salesforce Id;Plan\r\n"
    b"Acme;A-1;Gold\r\n"
    b"Globex;A-2;Gold\r\n"
    b"Initech;A-3;Silver\r\n"
    b"Umbrella;a-4 ;Silver\r\n"
    b"Stark;A-5;Gold\r\n"
    b"Wayne;A-6;Bronze\r\n"
    b"Wayne Europe;A-6;Bronze\r\n"
    b"Soylent;;Gold\r\n"))
# Salesforce side: are in Salesforce only.
SALESFORCE = ("salesforce.csv", (
    "Account Id;Account Name;Owner\r\n"
    "A-1;Acme;Camille\r\n"
    "A-2;Globex;Camille\r\n"
    "A-3;Initech;Jonas\r\n"
    "A-4;Umbrella;Jonas\r\n"
    "A-6;Wayne;Priya\r\n"
    "A-7;Hooli;Priya\r\n"
    "A-8;Pied Piper;Léa\r\n").encode())
SIDES = Sides()


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, left: tuple[str, bytes] | None = BILLING,
           right: tuple[str, bytes] | None = SALESFORCE) -> AppTest:
    """Put files in the page's uploaders, as a person would, and run."""
    for key, file in (("match_left_upload", left), ("match_right_upload", right)):
        if file is not None:
            at.file_uploader(key=key).set_value((file[0], file[1], "text/csv"))
    return run(at)


def engine(left: tuple[str, bytes] = BILLING, right: tuple[str, bytes] = SALESFORCE,
           columns: tuple[str, str] | None = None) -> MatchResult:
    """The engine's match on the same bytes, on the suggested columns by default."""
    left_table, right_table = read_table(left[1], left[0]), read_table(right[1], right[0])
    if columns is None:
        _, columns = suggest_columns(left_table, right_table)
        assert columns is not None
    return match_identifiers(left_table, columns[0], right_table, columns[1],
                             left_name=SIDES.left, right_name=SIDES.right)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_counts(at: AppTest) -> dict[str, float]:
    """Class → bar length of the class chart, summed over its colour traces."""
    chart = next(c for c in at.get("plotly_chart") if c.key == "match_chart")
    counts: dict[str, float] = {}
    for trace in json.loads(chart.proto.spec)["data"]:
        for category, value in zip(trace["y"], trace["x"], strict=True):
            counts[category] = counts.get(category, 0) + value
    return counts


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The read-only table inside the keyed container `key`."""
    return at.get_by_key(key).dataframe[0].value


def advice(at: AppTest) -> list[str]:
    """The "what to do" list, one item per problem class shown."""
    return at.get_by_key("match_advice").markdown[0].value.split("\n")


def csv_rows(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")


# ── before the files ────────────────────────────────────────────────────────────────

def test_without_files_the_page_asks_for_both(open_page) -> None:
    at = open_page("match")
    assert at.title[0].value == "Identifier match"
    assert "shared identifier" in at.caption[0].value
    assert [i.value for i in at.info] == ["Upload both exports to see which customers will "
                                          "match."]
    assert not at.get("plotly_chart") and not at.download_button and not at.selectbox


def test_one_file_waits_for_the_other(open_page) -> None:
    at = upload(open_page("match"), right=None)
    assert len(at.info) == 1 and not at.metric and not at.get("plotly_chart")


# ── the match ───────────────────────────────────────────────────────────────────────

def test_the_counts_are_the_engine_summary_on_the_suggested_columns(open_page) -> None:
    at = upload(open_page("match"))
    assert at.selectbox(key="match_left_column").value == "Salesforce Id"
    assert at.selectbox(key="match_right_column").value == "Account Id"
    result = engine()
    assert result.summary == {"matched": 3, "missing_left": 2, "missing_right": 1,
                              "empty": 1, "ambiguous": 1, "near_miss": 1,
                              "salesforce_id_length": 0, "numeric_damage": 0}
    assert chart_counts(at) == result.summary
    assert metrics(at) == {"Identifiers that match": "3 of 8",
                           "Identifiers that do not": "5",
                           "Lines without an identifier": "1"}
    assert [w.value for w in at.warning][0].startswith(
        "3 of 8 identifiers match; 1 line has none.")
    assert not at.success


def test_the_ranking_lists_the_candidate_pairs(open_page) -> None:
    at = upload(open_page("match"))
    ranking, _ = suggest_columns(read_table(BILLING[1], BILLING[0]),
                                 read_table(SALESFORCE[1], SALESFORCE[0]))
    shown = table(at, "match_ranking")
    assert shown["Column in the billing tool"].tolist() == ranking["left_column"].tolist()
    assert shown["Column in Salesforce"].tolist() == ranking["right_column"].tolist()
    assert shown["Shared values"].tolist() == ranking["overlap"].tolist()


def test_choosing_another_column_matches_again(open_page) -> None:
    at = upload(open_page("match"))
    at.selectbox(key="match_left_column").set_value("Customer name")
    at.selectbox(key="match_right_column").set_value("Account Name")
    at = run(at)
    result = engine(columns=("Customer name", "Account Name"))
    assert result.summary["matched"] == 5  # Acme, Globex, Initech, Umbrella, Wayne
    assert chart_counts(at) == result.summary
    # Stark, Wayne Europe and Soylent in billing only; Hooli and Pied Piper in Salesforce.
    assert metrics(at)["Identifiers that match"] == "5 of 10"


def test_the_class_filter_narrows_the_problems(open_page) -> None:
    at = upload(open_page("match"))
    everything = table(at, "match_problems")
    # 3 values on one side only, the duplicate, both halves of the near miss, and the
    # line without an identifier.
    assert len(everything) == 7
    result = engine()
    assert advice(at) == [f"- {result.advice(cls)}" for cls in (
        "missing_left", "missing_right", "empty", "ambiguous", "near_miss")]
    assert set(everything["Problem"]) == {"Only in Salesforce", "Only in the billing tool",
                                          "Duplicated", "Near miss (spaces, case, zeros)",
                                          "No identifier"}
    at.selectbox(key="match_class").set_value("ambiguous")
    at = run(at)
    shown = table(at, "match_problems")
    assert shown["Identifier"].tolist() == ["A-6"]
    assert shown["Lines in the billing tool"].tolist() == [2]
    assert shown["Rows in the billing tool"].tolist() == ["7, 8"]
    assert advice(at) == [f"- {result.advice('ambiguous')}"]
    at.selectbox(key="match_class").set_value("missing_left")
    at = run(at)
    assert table(at, "match_problems")["Identifier"].tolist() == ["A-7", "A-8"]
    assert advice(at) == [f"- {result.advice('missing_left')}"]


def test_lines_without_an_identifier_are_listed_with_their_rows(open_page) -> None:
    at = upload(open_page("match"))
    at.selectbox(key="match_class").set_value("empty")
    at = run(at)
    shown = table(at, "match_problems")
    assert shown["Identifier"].tolist() == ["(no identifier)"]
    assert shown["Rows in the billing tool"].tolist() == ["9"]
    assert shown["Lines in Salesforce"].tolist() == [0]


def test_a_near_miss_is_shown_as_a_pair(open_page) -> None:
    at = upload(open_page("match"))
    pairs = table(at, "match_pairs")
    # The trailing space that tells "a-4 " from "A-4" is marked, and the marks explained.
    assert pairs.to_dict("records") == [{
        "In the billing tool": "a-4·", "In Salesforce": "A-4",
        "Problem": "Near miss (spaces, case, zeros)", "What differs": "spaces, case"}]
    legend = [c.value for c in at.get_by_key("match_pairs").caption]
    assert legend == ["Characters you cannot see are marked: · a space at the start or "
                      "the end."]


def test_matching_exports_say_so(open_page) -> None:
    same = ("billing.csv", b"Id;Name\r\nX1;Acme\r\nX2;Globex\r\n")
    at = upload(open_page("match"), left=same, right=("salesforce.csv", same[1]))
    assert [s.value for s in at.success][0].startswith("All identifiers match: 2 of 2")
    assert chart_counts(at)["matched"] == 2
    assert not at.warning
    assert "What to fix" not in [s.value for s in at.subheader]
    assert len(at.download_button) == 3


# ── the downloads ───────────────────────────────────────────────────────────────────

def test_the_downloads_hold_the_classification_and_each_sides_lines(
        open_page, media: list) -> None:
    at = upload(open_page("match"))
    result = engine()
    values = download(at, "match_download_values", media)
    assert values.file_name == "billing_salesforce_identifier_match.csv"
    assert values.mime.startswith("text/csv")
    titles = class_titles(Sides())
    assert csv_rows(values.content)[["Identifier", "Result"]].values.tolist() == [
        [value, titles[cls]] for value, cls in result.values[["value", "class"]].values]
    assert values.content.startswith(b"\xef\xbb\xbf")

    left = download(at, "match_download_left", media)
    assert left.file_name == "billing_identifiers_to_fix.csv"
    lines = csv_rows(left.content)
    assert list(lines.columns) == ["Row", "Identifier", "Problem", "What to do"]
    # The download keeps the real characters ("a-4 "), never the marks.
    assert lines[["Row", "Identifier", "Problem"]].values.tolist() == [
        ["5", "a-4 ", titles["near_miss"]], ["6", "A-5", titles["missing_right"]],
        ["7", "A-6", titles["ambiguous"]], ["8", "A-6", titles["ambiguous"]],
        ["9", "", titles["empty"]]]
    assert lines["What to do"].iloc[-1] == "Fill the identifier in the billing tool"

    right = download(at, "match_download_right", media)
    assert right.file_name == "salesforce_identifiers_to_fix.csv"
    lines = csv_rows(right.content)
    assert lines[["Row", "Identifier", "Problem"]].values.tolist() == [
        ["5", "A-4", titles["near_miss"]], ["6", "A-6", titles["ambiguous"]],
        ["7", "A-7", titles["missing_left"]], ["8", "A-8", titles["missing_left"]]]
    assert lines["What to do"].iloc[-1].startswith("Not in the billing tool")


# ── files ───────────────────────────────────────────────────────────────────────────

def test_an_unreadable_file_is_an_error_not_an_exception(open_page) -> None:
    broken = ("broken.xlsx", b"PK\x03\x04 this is not a workbook")
    at = upload(open_page("match"), right=broken)
    expected = read_table(broken[1], broken[0]).findings["message"].iloc[0]
    assert [e.value for e in at.error] == [expected]
    assert "cannot be opened" in expected
    assert not at.get("plotly_chart") and not at.metric and not at.download_button


def test_the_files_and_columns_stay_after_visiting_another_page(open_page) -> None:
    at = upload(open_page("match"))
    at.selectbox(key="match_right_column").set_value("Account Name")
    at = run(at)
    before = metrics(at)
    at.switch_page("pages/check.py")
    at = run(at)
    at.switch_page("pages/match.py")
    at = run(at)
    assert metrics(at) == before
    assert at.selectbox(key="match_right_column").value == "Account Name"
    captions = " ".join(c.value for c in at.caption)
    assert "Using billing.csv, uploaded earlier." in captions
    assert "Using salesforce.csv, uploaded earlier." in captions


def test_a_new_file_brings_its_own_suggestion(open_page) -> None:
    at = upload(open_page("match"))
    at.selectbox(key="match_left_column").set_value("Plan")
    at = run(at)
    at = upload(at, right=None, left=("billing_v2.csv", BILLING[1]))
    assert at.selectbox(key="match_left_column").value == "Salesforce Id"
    assert chart_counts(at) == engine().summary


def test_the_samples(open_page, media: list) -> None:
    billing = ("billing_export.csv", (SAMPLES / "billing_export.csv").read_bytes())
    salesforce = ("salesforce_export.csv", (SAMPLES / "salesforce_export.csv").read_bytes())
    at = upload(open_page("match"), left=billing, right=salesforce)
    result = engine(billing, salesforce)
    assert (at.selectbox(key="match_left_column").value,
            at.selectbox(key="match_right_column").value) == (result.left_column,
                                                              result.right_column)
    assert chart_counts(at) == result.summary
    assert not result.all_matched
    titles = class_titles(SIDES)
    for side, key in (("left", "match_download_left"), ("right", "match_download_right")):
        served = csv_rows(download(at, key, media).content)
        expected = result.lines[result.lines["side"] == side]
        assert served["Row"].astype(int).tolist() == expected["row"].tolist()
        assert served["Problem"].tolist() == expected["class"].map(titles).tolist()
    shown = set(table(at, "match_problems")["Problem"])
    assert shown == {titles[cls] for cls, count in result.summary.items()
                     if count and cls != "matched"}


# ── a file whose header is below a title ─────────────────────────────────────────────

TITLED_BILLING = ("billing.csv",
                  "Export facturation – 03/12/2026;;\r\n;;\r\n".encode() + BILLING[1])


def captions(at: AppTest) -> str:
    return " ".join(caption.value.replace("\\", "") for caption in at.caption)


def test_a_title_above_the_header_is_skipped_said_and_can_be_overridden(open_page) -> None:
    at = upload(open_page("match"), left=TITLED_BILLING)
    assert at.number_input(key="match_left_header_row").value == 3
    assert at.number_input(key="match_right_header_row").value == 1
    assert "Header found on row 3; rows 1–2 are skipped." in captions(at)
    assert metrics(at) == {"Identifiers that match": "3 of 8",  # as without the title
                           "Identifiers that do not": "5",
                           "Lines without an identifier": "1"}
    at.number_input(key="match_left_header_row").set_value(1)
    run(at)
    assert at.session_state["match_left_file"][1].header_row == 1
    assert "Header found" not in captions(at)
    assert metrics(at)["Identifiers that match"] != "3 of 8"
    at.number_input(key="match_left_header_row").set_value(3)
    run(at)
    assert "Header found on row 3; rows 1–2 are skipped." in captions(at)
    assert metrics(at)["Identifiers that match"] == "3 of 8"
