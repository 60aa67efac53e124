"""What the Identifier match page shows, checked without Streamlit: the headline, the
chart's counts, the problem rows for lines without an identifier, the downloads and
their names, and which files cannot be matched."""

from __future__ import annotations

import io

import pandas as pd

from checks import MatchResult, match_identifiers, read_table
from checks.i18n import use_language
from checks.match.classes import MATCH_CLASSES
from checks.views.match import (
    EMPTY_VALUE,
    Sides,
    class_counts,
    class_figure,
    class_titles,
    download_names,
    lines_csv,
    match_headline,
    problem_table,
    problem_values,
    sentence,
    unmatchable_reason,
    values_csv,
)

SIDES = Sides()


def match(left: str, right: str) -> MatchResult:
    return match_identifiers(read_table(left.encode(), "billing.csv"), "Id",
                             read_table(right.encode(), "salesforce.csv"), "Id",
                             left_name=SIDES.left, right_name=SIDES.right)


def test_headline_counts_identifiers_and_says_how_many_lines_have_none() -> None:
    result = match("Id;N\nX1;a\nX2;b\n;c\n;d\n", "Id;N\nX1;a\nX3;b\n")
    assert match_headline(result) == "1 of 3 identifiers match; 2 lines have none."
    single = match("Id;N\nX1;a\n", "Id;N\nX1;a\n")
    assert match_headline(single) == "1 of 1 identifier match."


def test_the_chart_has_every_class_with_its_summary_count() -> None:
    result = match("Id;N\nX1;a\nX2;b\n;c\n", "Id;N\nX1;a\nX3;b\n")
    counts = class_counts(result, SIDES)
    assert counts["class"].tolist() == [cls.value for cls in MATCH_CLASSES]
    assert dict(zip(counts["class"], counts["count"], strict=True)) == result.summary
    figure = class_figure(counts)
    drawn = {y: x for trace in figure.data for y, x in zip(trace.y, trace.x, strict=True)}
    assert drawn == result.summary
    colours = {y: trace.marker.color for trace in figure.data for y in trace.y}
    assert colours["matched"] == "#2e7d32" and colours["missing_left"] == "#c62828"
    assert colours["near_miss"] == "#f0a202"
    # not by colour alone: each group has its own fill pattern and names itself on hover
    patterns = {y: trace.marker.pattern.shape for trace in figure.data for y in trace.y}
    assert len({patterns["matched"], patterns["missing_left"], patterns["near_miss"]}) == 3
    assert all("%{fullData.name}" in trace.hovertemplate for trace in figure.data)


def test_lines_without_an_identifier_become_one_problem_row_per_side() -> None:
    left = "Id;N\n" + "".join(f";{i}\n" for i in range(25)) + "X1;a\n"
    result = match(left, "Id;N\nX1;a\n;b\n")
    empty = problem_values(result).query("`class` == 'empty'")
    assert empty["value"].tolist() == [EMPTY_VALUE, EMPTY_VALUE]
    assert empty["left_count"].tolist() == [25, 0]
    assert empty["right_count"].tolist() == [0, 1]
    rows = empty["left_rows"].iloc[0]
    assert rows.startswith("2, 3, 4") and rows.endswith(", …")
    assert empty["right_rows"].iloc[1] == "3"
    shown = problem_table(problem_values(result), SIDES, "empty")
    assert shown["Problem"].tolist() == ["No identifier", "No identifier"]


def test_the_downloads_are_the_engine_frames_in_plain_words() -> None:
    """The lists are for people: plain titles and each class's title in the language
    chosen, a BOM for Excel, and the values exactly as the files hold them."""
    result = match("Id;N\nX1;a\n;b\nX2 ;c\n", "Id;N\nX1;a\nx2;b\n")
    values = pd.read_csv(io.BytesIO(values_csv(result)), dtype=str, keep_default_na=False,
                         encoding="utf-8-sig")
    assert values["Identifier"].tolist() == result.values["value"].tolist()
    assert "X2 " in values["Identifier"].tolist()  # the real space, not a mark
    assert set(values["Result"]) <= set(class_titles(Sides()).values())
    assert values_csv(result).startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    right = pd.read_csv(io.BytesIO(lines_csv(result, "right")), dtype=str,
                        encoding="utf-8-sig")
    assert list(right.columns) == ["Row", "Identifier", "Problem", "What to do"]
    assert right["Identifier"].tolist() == ["x2"]
    assert right["What to do"].iloc[0][0].isupper()
    with use_language("fr"):
        french = lines_csv(result, "right")
        titles = class_titles(Sides())
    read = pd.read_csv(io.BytesIO(french), dtype=str, encoding="utf-8-sig")
    assert list(read.columns) == ["Ligne", "Identifiant", "Problème", "Que faire"]
    assert read["Problème"].iloc[0] in titles.values()


def test_sentence_capitalises_only_the_first_letter() -> None:
    assert sentence("the billing tool has 'X'") == "The billing tool has 'X'"
    assert sentence("") == ""


def test_download_names_follow_the_uploads_and_never_collide() -> None:
    assert download_names("billing.csv", "sf.xlsx") == {
        "values": "billing_sf_identifier_match.csv",
        "left": "billing_identifiers_to_fix.csv", "right": "sf_identifiers_to_fix.csv"}
    same = download_names("export.csv", "export.csv")
    assert same["left"] != same["right"]


def test_files_that_cannot_be_matched_say_why() -> None:
    assert unmatchable_reason(read_table(b"PK\x03\x04 broken", "x.xlsx")) is not None
    assert unmatchable_reason(read_table(b"", "empty.csv")) is not None
    assert unmatchable_reason(read_table(b"Id;N\nX1;a\n", "ok.csv")) is None
