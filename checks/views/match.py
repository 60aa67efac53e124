"""What the Identifier match page shows, computed from a `MatchResult`.

`checks.match` classifies identifiers; this module turns its frames into what a
person reads: a title per class in the words of the two systems, the headline, the
counts and their chart, the problems as one table (lines without an identifier
included, so a single class filter covers everything), the pairs, the advice per class
and the CSV files to download. Keeping it here leaves the page a thin layout and lets
every number on it be tested without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from checks.i18n import N_, _, counted, ngettext, number
from checks.match.classes import MATCH_CLASSES, MatchClass
from checks.match.lines import rows_text
from checks.match.result import MatchResult
from checks.model.table import Table
from checks.text.formulas import spreadsheet_safe_frame

#: What the pages use (through `checks.views`).
__all__ = [
    "PROBLEM_CLASSES", "Sides", "advice_table", "class_counts", "class_figure",
    "class_titles", "download_names", "identifier_column_choices", "identifier_count",
    "lines_csv", "match_headline", "pair_table", "problem_table", "problem_values",
    "suggestion_table", "unmatchable_reason", "values_csv",
]

#: Reading findings that leave nothing to match: the page shows their message.

MATCHED_COLOUR = "#2e7d32"   # green: Upflow links these
NO_MATCH_COLOUR = "#c62828"  # red: nothing to link, or too much
FORMAT_COLOUR = "#f0a202"    # amber: the right customer, written differently

#: What each colour means, in the chart's legend, and which classes it covers.
COLOUR_GROUPS: tuple[tuple[str, str, tuple[MatchClass, ...]], ...] = (
    (N_("Match"), MATCHED_COLOUR, (MatchClass.MATCHED,)),
    (N_("No match"), NO_MATCH_COLOUR, (MatchClass.MISSING_LEFT, MatchClass.MISSING_RIGHT,
                                   MatchClass.EMPTY, MatchClass.AMBIGUOUS)),
    (N_("Written differently"), FORMAT_COLOUR, (MatchClass.NEAR_MISS,
                                            MatchClass.SALESFORCE_ID_LENGTH,
                                            MatchClass.NUMERIC_DAMAGE)),
)
#: Each colour's fill pattern: the groups differ without colour too (red and green
#: look alike to many colour-blind readers).
GROUP_PATTERNS: dict[str, str] = {MATCHED_COLOUR: "", NO_MATCH_COLOUR: "x",
                                  FORMAT_COLOUR: "/"}
PROBLEM_CLASSES: tuple[MatchClass, ...] = tuple(c for c in MATCH_CLASSES
                                                if c is not MatchClass.MATCHED)
EMPTY_VALUE = N_("(no identifier)")
CSV_ENCODING = "utf-8-sig"  # with a BOM, so Excel reads accents right


@dataclass(frozen=True)
class Sides:
    """How the page names the two exports in titles, advice and table headers: by
    default in the current language when the names are made."""

    left: str = field(default_factory=lambda: _("the billing tool"))
    right: str = "Salesforce"


def class_titles(sides: Sides) -> dict[str, str]:
    """A short title per class code; the "missing" classes say where the value *is*,
    which is what a person sees in the exports."""
    return {
        MatchClass.MATCHED: _("Matched"),
        MatchClass.MISSING_LEFT: _("Only in {side}").format(side=sides.right),
        MatchClass.MISSING_RIGHT: _("Only in {side}").format(side=sides.left),
        MatchClass.EMPTY: _("No identifier"),
        MatchClass.AMBIGUOUS: _("Duplicated"),
        MatchClass.NEAR_MISS: _("Near miss (spaces, case, zeros)"),
        MatchClass.SALESFORCE_ID_LENGTH: _("15- and 18-character Salesforce ID"),
        MatchClass.NUMERIC_DAMAGE: _("Converted to a number"),
    }


def unmatchable_reason(table: Table) -> str | None:
    """Why a file cannot be matched (it cannot be read, or it has no columns or no
    lines), in the reader's own words; None when it can."""
    reasons = table.unusable_reasons
    if reasons:
        return reasons[0]
    if not any(table.headers):
        return _("{file} has no header line naming its columns.").format(file=table.name)
    return None


def identifier_column_choices(table: Table) -> list[str]:
    """The columns one can match on: each named header once (matching reads the
    first of duplicate headers, and an unnamed column cannot be chosen by name)."""
    return list(dict.fromkeys(header for header in table.headers if header))


def sentence(text: str) -> str:
    """Advice begins with a side's name, which may be lower case ("the billing tool")."""
    return text[:1].upper() + text[1:]


# ── the numbers ──────────────────────────────────────────────────────────────────────

def identifier_count(result: MatchResult) -> int:
    """Identifiers counted in the summary: distinct values, a pair once; lines
    without an identifier are not identifiers."""
    return sum(count for cls, count in result.summary.items() if cls != MatchClass.EMPTY)


def match_headline(result: MatchResult) -> str:
    """"412 of 430 identifiers match", and the lines without one when there are some."""
    matched, total = result.summary[MatchClass.MATCHED], identifier_count(result)
    text = ngettext("{matched} of {total} identifier match", "{matched} of {total} identifiers "
                    "match", total).format(matched=number(matched), total=number(total))
    empty = result.summary[MatchClass.EMPTY]
    if empty:
        return _("{identifiers}; {lines}.").format(identifiers=text, lines=counted(
            empty, "{count} line has none", "{count} lines have none"))
    return text + "."


def class_counts(result: MatchResult, sides: Sides) -> pd.DataFrame:
    """Every class in the engine's order with its title, summary count and colour."""
    titles = class_titles(sides)
    colours = {cls: colour for _name, colour, classes in COLOUR_GROUPS for cls in classes}
    return pd.DataFrame({
        "class": [cls.value for cls in MATCH_CLASSES],
        "title": [titles[cls] for cls in MATCH_CLASSES],
        "count": [int(result.summary.get(cls, 0)) for cls in MATCH_CLASSES],
        "colour": [colours[cls] for cls in MATCH_CLASSES],
    })


def class_figure(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars, one per class (zeros too: an absent problem is news), green
    for matched, red hatched for no match, amber striped for the right customer
    written differently. One trace per colour so the legend explains the colours; the
    patterns and the hover label (which names the group) say it without colour."""
    figure = go.Figure()
    for name, colour, classes in COLOUR_GROUPS:
        mine = counts[counts["class"].isin([cls.value for cls in classes])]
        figure.add_trace(go.Bar(
            x=mine["count"].tolist(), y=mine["class"].tolist(), orientation="h", name=_(name),
            marker={"color": colour, "pattern": {"shape": GROUP_PATTERNS[colour]}},
            text=mine["count"].tolist(), textposition="auto", hovertext=mine["title"].tolist(),
            hovertemplate="%{hovertext} (%{fullData.name}): %{x:,}<extra></extra>"))
    figure.update_layout(
        title={"text": _("How the identifiers match")}, height=360,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right",
                "x": 1.0},
        xaxis={"title": {"text": _("Identifiers (lines for “No identifier”)")}},
        yaxis={"type": "category", "autorange": "reversed", "categoryorder": "array",
               "categoryarray": counts["class"].tolist(), "tickmode": "array",
               "tickvals": counts["class"].tolist(), "ticktext": counts["title"].tolist()})
    return figure


# ── the tables ───────────────────────────────────────────────────────────────────────

def advice_table(result: MatchResult, sides: Sides) -> pd.DataFrame:
    """One line per problem found: its title, count and what to do (the engine's
    advice, filled with the count and the two names). The column names are keys for
    the page, which shows the texts, not the table."""
    titles = class_titles(sides)
    found = [cls for cls in PROBLEM_CLASSES if result.summary.get(cls, 0)]
    return pd.DataFrame({
        "class": [cls.value for cls in found],
        "Problem": [titles[cls] for cls in found],
        "Count": [int(result.summary[cls]) for cls in found],
        "What to do": [sentence(result.advice(cls)) for cls in found],
    }, columns=["class", "Problem", "Count", "What to do"])


def problem_values(result: MatchResult) -> pd.DataFrame:
    """The values that do not match, with the lines without an identifier as one row
    per side (their rows listed), so one table and one filter cover every class."""
    values = result.values
    problems = values[values["class"] != MatchClass.MATCHED]
    empty = result.lines[result.lines["class"] == MatchClass.EMPTY]
    blanks = []
    for side in ("left", "right"):
        rows = empty.loc[empty["side"] == side, "row"]
        if rows.empty:
            continue
        counts = {"left_count": 0, "right_count": 0, "left_rows": "", "right_rows": ""}
        counts[f"{side}_count"] = len(rows)
        # all the rows under one code: written as the engine writes a value's rows
        counts[f"{side}_rows"] = rows_text(np.zeros(len(rows), dtype="int64"),
                                           rows.to_numpy("int64"), 1).iloc[0]
        blanks.append({"value": _(EMPTY_VALUE), "class": MatchClass.EMPTY.value, **counts})
    if blanks:
        problems = pd.concat([problems, pd.DataFrame(blanks)], ignore_index=True)
    return problems.reset_index(drop=True)


def problem_table(problems: pd.DataFrame, sides: Sides,
                  chosen: str | None = None) -> pd.DataFrame:
    """`problem_values` for people, only the `chosen` class when one is given; what
    differs comes before the counts and rows, which a narrow screen scrolls to."""
    if chosen:
        problems = problems[problems["class"] == chosen]
    titles = class_titles(sides)
    return pd.DataFrame({
        _("Identifier"): problems["value"],
        _("Problem"): problems["class"].map(titles),
        _("Other side has"): problems["counterpart"].fillna(""),
        _("What differs"): problems["difference"].fillna(""),
        _("Lines in {side}").format(side=sides.left): problems["left_count"],
        _("Lines in {side}").format(side=sides.right): problems["right_count"],
        _("Rows in {side}").format(side=sides.left): problems["left_rows"],
        _("Rows in {side}").format(side=sides.right): problems["right_rows"],
    }).reset_index(drop=True)


def pair_table(result: MatchResult, sides: Sides, chosen: str | None = None) -> pd.DataFrame:
    """Each near miss, Salesforce ID pair and converted number with its other half."""
    pairs = result.pairs
    if chosen:
        pairs = pairs[pairs["class"] == chosen]
    return pd.DataFrame({
        _("In {side}").format(side=sides.left): pairs["left_value"],
        _("In {side}").format(side=sides.right): pairs["right_value"],
        _("Problem"): pairs["class"].map(class_titles(sides)),
        _("What differs"): pairs["difference"],
    }).reset_index(drop=True)


def suggestion_table(ranking: pd.DataFrame, sides: Sides) -> pd.DataFrame:
    """The candidate column pairs, best first, with the signs that ranked them."""
    return pd.DataFrame({
        _("Column in {side}").format(side=sides.left): ranking["left_column"],
        _("Column in {side}").format(side=sides.right): ranking["right_column"],
        _("Filled in {side}").format(side=sides.left): ranking["left_fill"],
        _("Unique in {side}").format(side=sides.left): ranking["left_unique"],
        _("Filled in {side}").format(side=sides.right): ranking["right_fill"],
        _("Unique in {side}").format(side=sides.right): ranking["right_unique"],
        _("Shared values"): ranking["overlap"],
        _("Score"): ranking["score"],
    })


# ── the downloads ────────────────────────────────────────────────────────────────────

def values_csv(result: MatchResult, sides: Sides | None = None) -> bytes:
    """Every identifier value with its result, counts, rows and counterpart, under
    plain titles in the current language (the command line's JSON keeps the codes)."""
    sides = sides or Sides()
    values = result.values
    return _csv(pd.DataFrame({
        _("Identifier"): values["value"],
        _("Result"): values["class"].map(class_titles(sides)),
        _("Other side has"): values["counterpart"],
        _("What differs"): values["difference"],
        _("Lines in {side}").format(side=sides.left): values["left_count"],
        _("Lines in {side}").format(side=sides.right): values["right_count"],
        _("Rows in {side}").format(side=sides.left): values["left_rows"],
        _("Rows in {side}").format(side=sides.right): values["right_rows"],
    }))


def lines_csv(result: MatchResult, side: str, sides: Sides | None = None) -> bytes:
    """The lines of one side that will not match, in row order, with the problem and
    what to do, under plain titles in the current language."""
    lines = result.lines[result.lines["side"] == side]
    return _csv(pd.DataFrame({
        _("Row"): lines["row"],
        _("Identifier"): lines["value"],
        _("Problem"): lines["class"].map(class_titles(sides or Sides())),
        _("What to do"): lines["advice"].map(sentence),
    }))


def _csv(frame: pd.DataFrame) -> bytes:
    """CSV as a spreadsheet opens it: UTF-8 with a byte order mark, so Excel reads
    accents right. These lists are for people, so a value a spreadsheet would run as a
    formula ("=1+1", "-2+3") gets an apostrophe before it
    (`checks.text.formulas.spreadsheet_safe`) and reads as the text it is; every other
    value is written exactly, invisible characters included."""
    safe = spreadsheet_safe_frame(frame)
    return safe.to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def stem(file_name: str) -> str:
    """The upload's name without its extension, for the names of the downloads."""
    return file_name.rsplit(".", 1)[0] if "." in file_name[1:] else file_name


def download_names(left_file: str, right_file: str) -> dict[str, str]:
    """File names for the three downloads, from the uploads' names: "values" for the
    classification, "left" and "right" for each side's lines to fix. Two uploads with
    the same name get the side in their lists' names, so neither download overwrites
    the other."""
    left, right = stem(left_file), stem(right_file)
    if left == right:
        left, right = f"{left}_billing", f"{right}_salesforce"
    return {"values": f"{left}_{right}_identifier_match.csv",
            "left": f"{left}_identifiers_to_fix.csv",
            "right": f"{right}_identifiers_to_fix.csv"}
