"""Identifier matching (RULES.md, "Identifier matching"): every class, the counts, the
lines to fix, the Salesforce checksum and the column suggestion."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import (
    MatchClass,
    MatchResult,
    UsageError,
    match_identifiers,
    read_table,
    suggest_columns,
)
from checks.match.advice import ADVICE
from checks.match.classes import MATCH_CLASSES
from checks.match.result import LINE_COLUMNS, PAIR_COLUMNS, VALUE_COLUMNS
from checks.match.salesforce import is_salesforce_id, salesforce_id_18
from checks.match.suggest import column_scores
from checks.model.table import Table

SAMPLES = Path(__file__).parents[1] / "samples"


def table(values: list[str], header: str = "Id", *, name: str = "file.csv",
          first_row: int = 2) -> Table:
    """A one-column table as read_table makes it: text cells, spreadsheet row numbers."""
    data = pd.DataFrame({0: pd.Series(values, dtype="str")})
    data.index = pd.RangeIndex(first_row, first_row + len(values))
    return Table(name=name, headers=(header,), data=data)


def match(left: list[str], right: list[str]) -> MatchResult:
    return match_identifiers(table(left), "Id", table(right), "Id", left_name="billing.csv",
                             right_name="salesforce.csv")


def classes(result: MatchResult) -> dict[str, str]:
    """value → class: the view most tests assert on."""
    return dict(zip(result.values["value"], result.values["class"], strict=True))


def pairs(result: MatchResult) -> list[tuple[str, str, str, str]]:
    return sorted(result.pairs.itertuples(index=False, name=None))


def problems(result: MatchResult) -> dict[str, int]:
    return {cls: n for cls, n in result.summary.items() if n and cls != "matched"}


def sample(name: str) -> Table:
    return read_table((SAMPLES / name).read_bytes(), name)


# ── the samples: every class, as the demo shows them ────────────────────────────────

def test_samples_netsuite_id_every_class_but_salesforce() -> None:
    result = match_identifiers(sample("billing_export.csv"), "NetSuite Id",
                               sample("salesforce_export.csv"), "NetSuite Id",
                               left_name="billing_export.csv",
                               right_name="salesforce_export.csv")
    assert result.summary == {"matched": 4, "missing_left": 2, "missing_right": 1,
                              "empty": 2, "ambiguous": 1, "near_miss": 2,
                              "salesforce_id_length": 0, "numeric_damage": 2}
    assert pairs(result) == [
        ("000286", "286", "near_miss", "leading zeros"),
        ("1187", "1187.0", "numeric_damage", "looks converted to a number"),
        ("1203 ", "1203", "near_miss", "spaces"),
        ("1310", "1.31E+03", "numeric_damage", "looks converted to a number"),
    ]
    assert not result.all_matched


def test_samples_salesforce_id_every_other_class() -> None:
    result = match_identifiers(sample("billing_export.csv"), "Salesforce Account Id",
                               sample("salesforce_export.csv"), "Account Id")
    assert problems(result) == {"missing_left": 3, "missing_right": 1, "empty": 1,
                                "ambiguous": 1, "near_miss": 2, "salesforce_id_length": 2}
    assert ("001IV00000hHdc7", "001IV00000hHdc7YAC", "salesforce_id_length",
            "15/18-character Salesforce ID") in pairs(result)
    assert ("0015g00000mnopqaav", "0015g00000MnOpQAAV", "near_miss", "case") in pairs(result)


# ── one class at a time ──────────────────────────────────────────────────────────────

def test_matched_exactly_once_on_each_side() -> None:
    result = match(["A1", "B2"], ["B2", "A1"])
    assert classes(result) == {"A1": "matched", "B2": "matched"}
    assert result.all_matched and result.lines.empty
    assert result.values[["left_rows", "right_rows"]].values.tolist() == [["2", "3"],
                                                                         ["3", "2"]]


def test_missing_left_is_on_the_right_only() -> None:
    result = match(["A1"], ["A1", "Z9"])
    assert classes(result)["Z9"] == "missing_left"
    assert result.summary["missing_left"] == 1 and result.summary["missing_right"] == 0
    assert result.lines.values.tolist() == [
        ["right", 3, "Z9", "missing_left",
         "Not in billing.csv: add it there, or correct it here"]]


def test_missing_right_is_on_the_left_only() -> None:
    result = match(["A1", "Y8"], ["A1"])
    assert classes(result)["Y8"] == "missing_right"
    assert result.summary["missing_right"] == 1


def test_empty_counts_lines_on_both_sides() -> None:
    result = match(["A1", "", "  ", "\u00a0"], ["A1", ""])
    assert result.summary["empty"] == 4
    assert "" not in classes(result)
    empty = result.lines[result.lines["class"] == "empty"]
    assert empty[["side", "row"]].values.tolist() == [["left", 3], ["left", 4], ["left", 5],
                                                      ["right", 3]]
    assert empty["advice"].iloc[0] == "Fill the identifier in billing.csv"
    assert not result.all_matched


def test_ambiguous_counts_distinct_values_and_lists_every_line() -> None:
    result = match(["A1", "A1", "A1", "B2", "B2"], ["A1", "C3"])
    assert classes(result) == {"A1": "ambiguous", "B2": "ambiguous", "C3": "missing_left"}
    assert result.summary["ambiguous"] == 2
    a1 = result.values[result.values["value"] == "A1"].iloc[0]
    assert (a1["left_count"], a1["right_count"], a1["left_rows"]) == (3, 1, "2, 3, 4")
    lines = result.lines[result.lines["value"] == "A1"]
    assert lines[["side", "row"]].values.tolist() == [["left", 2], ["left", 3], ["left", 4],
                                                      ["right", 2]]
    assert lines["advice"].tolist()[0] == ("Remove the duplicate: this identifier is on 3 "
                                           "lines of billing.csv")
    assert lines["advice"].tolist()[-1] == ("Remove the duplicates in billing.csv: this "
                                            "identifier is on 3 lines there")


def test_ambiguous_even_when_a_near_miss_exists() -> None:
    assert classes(match(["285", "285"], ["0285"])) == {"285": "ambiguous",
                                                        "0285": "missing_left"}


@pytest.mark.parametrize("left, right, difference", [
    ("285 ", "285", "spaces"),
    ("28\u00a05", "285", "spaces"),
    ("000285", "285", "leading zeros"),
    ("CUST-0042", "CUST-42", "leading zeros"),
    ("acme-1", "ACME-1", "case"),
    (" acme-007", "ACME-7", "spaces, case, leading zeros"),
])
def test_near_miss_of_each_kind(left: str, right: str, difference: str) -> None:
    result = match([left, "X"], [right, "X"])
    assert pairs(result) == [(left, right, "near_miss", difference)]
    assert result.summary["near_miss"] == 1  # the pair counts once
    assert classes(result)[left] == classes(result)[right] == "near_miss"
    row = result.values[result.values["value"] == left].iloc[0]
    assert (row["counterpart"], row["difference"]) == (right, difference)
    advice = result.lines.loc[result.lines["side"] == "right", "advice"].iloc[0]
    assert advice == f"Write it the same way in both files: billing.csv has '{left}' " \
                     f"({difference})"


def test_the_comparison_is_on_the_raw_text() -> None:
    result = match(["285 "], ["285"])
    assert result.summary["matched"] == 0 and result.summary["near_miss"] == 1


@pytest.mark.parametrize("id15, id18", [
    ("001IV00000hHdc7", "001IV00000hHdc7YAC"),  # the Upflow article's example
    ("001D000000IRFma", "001D000000IRFmaIAH"),  # Salesforce's documentation example
])
def test_salesforce_checksum_of_known_ids(id15: str, id18: str) -> None:
    assert salesforce_id_18(id15) == id18
    assert is_salesforce_id(id15) and is_salesforce_id(id18)


@pytest.mark.parametrize("left, right", [
    ("001IV00000hHdc7", "001IV00000hHdc7YAC"),
    ("001D000000IRFmaIAH", "001D000000IRFma"),
])
def test_salesforce_15_and_18_characters_pair_either_way(left: str, right: str) -> None:
    result = match([left], [right])
    assert pairs(result) == [(left, right, "salesforce_id_length",
                              "15/18-character Salesforce ID")]
    assert result.summary["salesforce_id_length"] == 1
    advice = dict(zip(result.lines["side"], result.lines["advice"], strict=True))
    short_side = "left" if len(left) == 15 else "right"
    assert advice[short_side].startswith("Use the 18-character ID, as in ")


@pytest.mark.parametrize("left, right", [
    ("001D000000IRFma", "001D000000IRFmaAAA"),  # wrong checksum
    ("001D000000IRFMA", "001D000000IRFmaIAH"),  # 15 characters are case-sensitive
])
def test_salesforce_pair_needs_the_checksum_and_the_case(left: str, right: str) -> None:
    result = match([left], [right])
    assert result.summary["salesforce_id_length"] == 0
    assert not is_salesforce_id("001D000000IRFmaAAA")


def test_salesforce_id_18_refuses_what_is_not_an_id() -> None:
    with pytest.raises(ValueError, match="not a 15-character Salesforce ID"):
        salesforce_id_18("001D000000IRFm")


def _suffix_by_hand(id15: str) -> str:
    """Salesforce's documented algorithm, written the obvious way, as an oracle."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    return "".join(alphabet[sum(1 << i for i, ch in enumerate(id15[g:g + 5]) if ch.isupper())]
                   for g in (0, 5, 10))


@given(st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
               min_size=15, max_size=15))
def test_vectorised_checksum_is_the_documented_one(id15: str) -> None:
    assert salesforce_id_18(id15) == id15 + _suffix_by_hand(id15)
    assert is_salesforce_id(salesforce_id_18(id15))


@pytest.mark.parametrize("damaged, original", [
    ("285.0", "285"), ("285.00", "285"), ("285,00", "285"), ("2.85E+02", "285"),
    ("2,85E+02", "285"), ("2.850E+02", "285"), ("285.0", "000285"),
    ("1.23457E+11", "123456789012"), ("1.00E+05", "99960"), ("2850.0", "2850"),
    ("12345678901234567890.0", "12345678901234567890"),
])
def test_numeric_damage_pairs_with_its_original(damaged: str, original: str) -> None:
    result = match([original, "X"], [damaged, "X"])
    assert pairs(result) == [(original, damaged, "numeric_damage",
                              "looks converted to a number")]
    assert result.summary["numeric_damage"] == 1
    advice = dict(zip(result.lines["side"], result.lines["advice"], strict=True))
    assert advice == {
        "left": f"salesforce.csv has it as '{damaged}', converted to a number: write it "
                "as text there",
        "right": f"Looks converted to a number: write it as text, as in billing.csv: "
                 f"'{original}'"}


@pytest.mark.parametrize("damaged", ["285.0", "2.85E+02", "2.855E+02", "1E5"])
def test_numeric_damage_without_original_counts_alone(damaged: str) -> None:
    result = match([damaged, "286"], [])
    assert classes(result) == {damaged: "numeric_damage", "286": "missing_right"}
    assert result.summary["numeric_damage"] == 1 and result.pairs.empty
    row = result.values[result.values["value"] == damaged].iloc[0]
    assert pd.isna(row["counterpart"]) and row["difference"] == "looks converted to a number"


@pytest.mark.parametrize("damaged, other", [("2.85E+02", "286"), ("2850.0", "2851"),
                                            ("1.23457E+11", "123458789012")])
def test_numeric_damage_pairs_only_digits_it_can_stand_for(damaged: str, other: str) -> None:
    assert classes(match([damaged], [other])) == {damaged: "numeric_damage",
                                                  other: "missing_left"}


def test_a_matched_value_is_never_repaired() -> None:
    result = match(["285", "285.0"], ["285"])
    assert classes(result) == {"285": "matched", "285.0": "numeric_damage"}
    assert result.pairs.empty


def test_rows_are_truncated_past_twenty() -> None:
    result = match(["A"] * 25, ["A"])
    rows = result.values["left_rows"].iloc[0]
    assert rows == ", ".join(str(r) for r in range(2, 22)) + ", …"
    assert len(result.lines) == 26  # every line is still listed


def test_frames_have_the_documented_columns() -> None:
    result = match(["A", "B", "C "], ["A", "c", "D"])
    assert tuple(result.values.columns) == VALUE_COLUMNS
    assert tuple(result.pairs.columns) == PAIR_COLUMNS
    assert tuple(result.lines.columns) == LINE_COLUMNS
    assert list(result.summary) == [cls.value for cls in MATCH_CLASSES]
    order = [MATCH_CLASSES.index(MatchClass(c)) for c in result.values["class"]]
    assert order == sorted(order)


def test_missing_column_is_a_usage_error_naming_the_columns() -> None:
    left = Table(name="b.csv", headers=("Customer ID", "Name"),
                 data=pd.DataFrame({0: pd.Series(["1"], dtype="str"),
                                    1: pd.Series(["Acme"], dtype="str")}))
    with pytest.raises(UsageError, match="billing.csv has no column 'NetSuite Id': its "
                       "columns are 'Customer ID', 'Name'"):
        match_identifiers(left, "NetSuite Id", table([]), "Id", left_name="billing.csv")


def test_advice_covers_every_class_and_tolerates_missing_names() -> None:
    assert set(ADVICE) == set(MATCH_CLASSES)
    assert ADVICE[MatchClass.MISSING_LEFT].format(count=3) == (
        "In the right file only: 3. Add each to the left file, or correct it in the right "
        "file if it is wrong.")
    result = match(["A"], [])
    assert result.advice("missing_right") == ("In billing.csv only: 1. Add each to "
                                              "salesforce.csv, or correct it in billing.csv "
                                              "if it is wrong.")


# ── properties ───────────────────────────────────────────────────────────────────────

IDENTIFIERS = st.lists(st.one_of(
    st.sampled_from(["285", "0285", "285 ", "285.0", "2.85E+02", "A1", "a1", "", " ",
                     "001D000000IRFma", "001D000000IRFmaIAH", "\u00a0A1", "1.23457E+11",
                     "123456789012"]),
    st.text(alphabet="aA0 1.E,", max_size=6)), max_size=30)


@given(IDENTIFIERS)
def test_a_table_matched_with_itself(values: list[str]) -> None:
    result = match(values, values)
    counts = pd.Series([v for v in values if v.strip()], dtype="str").value_counts()
    assert result.summary["matched"] == int((counts == 1).sum())
    assert result.summary["ambiguous"] == int((counts > 1).sum())
    assert result.summary["empty"] == 2 * sum(1 for v in values if not v.strip())
    assert sum(result.summary.values()) == len(counts) + result.summary["empty"]


@given(IDENTIFIERS, IDENTIFIERS, st.randoms())
def test_shuffling_rows_changes_nothing(left: list[str], right: list[str],
                                        rng: random.Random) -> None:
    before = match(left, right)
    after = match(rng.sample(left, len(left)), rng.sample(right, len(right)))
    assert after.summary == before.summary
    assert classes(after) == classes(before)


@given(IDENTIFIERS, IDENTIFIERS)
def test_every_distinct_value_is_classified_once(left: list[str], right: list[str]) -> None:
    result = match(left, right)
    distinct = {v for v in left + right if v.strip()}
    assert sorted(result.values["value"]) == sorted(distinct)
    unmatched = [(side, row) for side, values in (("left", left), ("right", right))
                 for row, value in enumerate(values, start=2)
                 if classes(result).get(value) != "matched"]
    assert sorted(result.lines[["side", "row"]].itertuples(index=False, name=None)) \
        == sorted(unmatched)
    assert result.all_matched == (set(classes(result).values()) <= {"matched"}
                                  and not result.summary["empty"])


@given(IDENTIFIERS, IDENTIFIERS)
def test_swapping_sides_swaps_missing_left_and_right(left: list[str],
                                                     right: list[str]) -> None:
    there, back = match(left, right).summary, match(right, left).summary
    assert (back["missing_left"], back["missing_right"]) == (there["missing_right"],
                                                            there["missing_left"])
    assert {k: v for k, v in back.items() if not k.startswith("missing")} == \
        {k: v for k, v in there.items() if not k.startswith("missing")}


# ── which columns to match ──────────────────────────────────────────────────────────

def _exports(size: int = 60) -> tuple[Table, Table]:
    """A billing export and a Salesforce export as they come: different own IDs, names
    written differently, the NetSuite ID on both sides with a few problems."""
    rng = random.Random(7)
    netsuite = [str(1000 + 7 * i) for i in range(size)]
    sf_netsuite = [f"{n}.0" if i % 9 == 0 else n for i, n in enumerate(netsuite)]
    sf_netsuite[3] = ""
    countries = ["France", "Belgium", "Germany", "Spain"]
    billing = {
        "Customer ID": [f"C-{5000 + i}" for i in range(size)],
        "Customer name": [f"Customer {i} SAS" for i in range(size)],
        "NetSuite Id": netsuite,
        "Country": [rng.choice(countries) for _ in range(size)],
        "Currency": ["EUR"] * size,
    }
    salesforce = {
        "Account Id": [salesforce_id_18(f"0015g0000{i:06d}") for i in range(size)],
        "Account Name": [f"Customer {i}" for i in range(size)],
        "NetSuite Id": sf_netsuite,
        "Billing Country": [rng.choice(countries) for _ in range(size)],
        "Annual Revenue": [str(rng.randrange(1000, 1200)) for _ in range(size)],
    }
    return _table(billing, "billing.csv"), _table(salesforce, "salesforce.csv")


def _table(columns: dict[str, list[str]], name: str) -> Table:
    data = pd.DataFrame({i: pd.Series(v, dtype="str") for i, v in enumerate(columns.values())})
    data.index = pd.RangeIndex(2, 2 + len(data))
    return Table(name=name, headers=tuple(columns), data=data)


def test_suggest_columns_ranks_the_identifier_first() -> None:
    billing, salesforce = _exports()
    frame, best = suggest_columns(billing, salesforce)
    assert best == ("NetSuite Id", "NetSuite Id")
    assert tuple(frame.columns) == ("left_column", "right_column", "left_fill", "left_unique",
                                    "right_fill", "right_unique", "overlap", "score")
    assert frame["score"].is_monotonic_decreasing
    assert ("Country", "Billing Country") not in set(zip(frame["left_column"],
                                                        frame["right_column"], strict=True))


def test_suggest_columns_on_the_samples_prefers_an_identifier_to_names() -> None:
    frame, best = suggest_columns(sample("billing_export.csv"),
                                  sample("salesforce_export.csv"))
    assert best in {("NetSuite Id", "NetSuite Id"), ("Salesforce Account Id", "Account Id")}
    ranked = list(zip(frame["left_column"], frame["right_column"], strict=True))
    assert ranked.index(("Customer name", "Account Name")) >= 2


def test_suggest_columns_without_shared_values() -> None:
    frame, best = suggest_columns(table(["A", "B"]), table(["C", "D"]))
    assert best is None and frame.empty


def test_column_scores_cover_every_column() -> None:
    billing, salesforce = _exports()
    scores = {(s.side, s.column): s for s in column_scores(billing, salesforce)}
    assert len(scores) == 10
    assert scores[("left", "Currency")].uniqueness == pytest.approx(1 / 60)
    assert scores[("left", "Currency")].score == 0
    assert scores[("right", "NetSuite Id")].fill_rate == pytest.approx(59 / 60)
    assert scores[("left", "NetSuite Id")].score == max(s.score for s in scores.values())
