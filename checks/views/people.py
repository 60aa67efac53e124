"""Tables for people: what every read-only table of the pages shows, in one shape.

A finance user reads these tables, not a developer: plain column titles in their
language, a rule's title rather than its code (the code stays one hover away, in the
column's help, for whoever talks to support or reads the Help page), an empty cell
where there is nothing (never "None", "nan" or "<NA>"), no column that is empty from
top to bottom, and the characters nobody can see made visible. `000205 ` with a
trailing space and `000205` look identical side by side; shown as `000205·` they do
not. The marks are for the eyes only: downloads keep the real characters.

Everything works on whole columns (Arrow's regular expressions, run only on the cells
that hold such a character), so a table of 100,000 findings is marked in
milliseconds, with no Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.export.people import COLUMN_TITLES, for_people, rule_title, severity_word
from checks.i18n import N_, _
from checks.model.rules import RULES

#: What the pages use (through `checks.views`).
__all__ = [
    "MARKS", "PeopleTable", "findings_for_people", "marks_legend", "marks_used",
    "people_table", "rule_codes_help", "rules_for_people", "visible_marks",
    "without_empty_columns",
]

#: The mark shown for each invisible character: chosen from Latin-1 and the common
#: symbol blocks that every system font covers (no emoji font needed), after the
#: marks word processors show for formatting (· for a space, → for a tab, ¶ for a
#: line break); ⍽ is Unicode's own symbol for a no-break space.
MARKS: Mapping[str, str] = {"space": "·", "nbsp": "⍽", "tab": "→", "break": "¶"}
_LEGEND: Mapping[str, str] = {
    "space": N_("{mark} a space at the start or the end"),
    "nbsp": N_("{mark} a no-break space"),
    "tab": N_("{mark} a tab"),
    "break": N_("{mark} a line break"),
}
_NBSP = "\u00a0\u202f"  # the no-break space, and its narrow form (French thousands)
_BLANKS = f" \t\r\n{_NBSP}"
#: Each kind of mark, as the characters (RE2) that call for it.
_FOUND: Mapping[str, str] = {"space": "^ | $", "nbsp": f"[{_NBSP}]", "tab": "\t",
                             "break": "[\r\n]"}
_ANY = "|".join(_FOUND.values())
_EDGES = f"(?s)^(?P<lead>[{_BLANKS}]*)(?P<core>.*?)(?P<trail>[{_BLANKS}]*)$"
_TEXT = pa.large_string()
#: The columns of findings and changes whose cells are the file's own values.
VALUE_COLUMNS = ("value", "fix", "before", "after")


@dataclass(frozen=True)
class PeopleTable:
    """A table as a page shows it: the frame, a tooltip per column title (`help`),
    and the legend of the marks it shows (None when it shows none)."""

    frame: pd.DataFrame
    help: Mapping[str, str] = field(default_factory=dict)
    legend: str | None = None


# ── invisible characters ────────────────────────────────────────────────────────────

def _text(values: pd.Series) -> pa.Array:
    """A column as Arrow text, null where a value is missing; anything that is not
    text (a count) is written as text."""
    objects = values.astype(object).where(values.notna(), None).to_numpy(dtype=object)
    array = pa.array(objects, from_pandas=True)
    return array if array.type == _TEXT else array.cast(_TEXT)


def visible_marks(values: pd.Series) -> pd.Series:
    """The values with their invisible characters shown: `·` for each space at the
    start or the end, `⍽` for a no-break space, `→` for a tab and `¶` for a line
    break (`MARKS`); spaces between words stay spaces. Missing values stay missing;
    the index and every other value are kept as they are."""
    if values.empty:
        return values
    text = _text(values)
    needs = pc.fill_null(pc.match_substring_regex(text, _ANY), False)
    if not pc.any(needs).as_py():
        return values
    chosen = text.filter(needs)
    parts = pc.extract_regex(chosen, _EDGES)
    dot = pa.scalar(MARKS["space"], _TEXT)
    lead = pc.replace_substring(parts.field("lead"), " ", dot.as_py())
    trail = pc.replace_substring(parts.field("trail"), " ", dot.as_py())
    marked = pc.binary_join_element_wise(lead, parts.field("core"), trail,
                                         pa.scalar("", _TEXT))
    marked = pc.replace_substring_regex(marked, f"[{_NBSP}]", MARKS["nbsp"])
    marked = pc.replace_substring(marked, "\t", MARKS["tab"])
    marked = pc.replace_substring_regex(marked, "\r\n|\r|\n", MARKS["break"])
    out = pc.replace_with_mask(text, needs, marked.cast(_TEXT))
    shown = out.to_numpy(zero_copy_only=False)
    return pd.Series(shown, index=values.index, name=values.name, dtype=object)


def marks_used(values: pd.Series) -> frozenset[str]:
    """Which marks `visible_marks` puts in these values (the legend names only those)."""
    if values.empty:
        return frozenset()
    text = _text(values)
    return frozenset(kind for kind, pattern in _FOUND.items()
                     if pc.any(pc.fill_null(pc.match_substring_regex(text, pattern),
                                            False)).as_py())


def marks_legend(kinds: Iterable[str]) -> str | None:
    """The caption under a table that explains its marks, None when it shows none."""
    chosen = set(kinds)
    said = [_(text).format(mark=MARKS[kind]) for kind, text in _LEGEND.items()
            if kind in chosen]
    if not said:
        return None
    return _("Characters you cannot see are marked: {marks}.").format(marks="; ".join(said))


# ── tables ──────────────────────────────────────────────────────────────────────────

def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its columns that are empty in every line (a fix column when
    no fix is offered): a column of nothing only pushes the others out of sight. A
    table with no lines keeps its columns, which say what it would list."""
    if frame.empty:
        return frame
    filled = [name for name, column in frame.items()
              if (column.notna() & (column.astype(object) != "")).any()]
    return frame[filled]


def _blank_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing texts as empty cells. Number columns (row numbers) keep their nulls,
    which `st.dataframe(placeholder="")` shows as empty cells: a column mixing numbers
    and "" could not be sent to the browser as Arrow."""
    out = frame.copy(deep=False)
    for position, (_name, column) in enumerate(frame.items()):
        if not pd.api.types.is_numeric_dtype(column.dtype):
            out.isetitem(position, column.astype(object).where(column.notna(), ""))
    return out


def people_table(frame: pd.DataFrame, marked: Sequence[str] = (),
                 tips: Mapping[str, str] | None = None) -> PeopleTable:
    """Any table for people: its empty columns left out, missing texts blank, and the
    `marked` columns (those holding a file's values) with their invisible characters
    shown and explained by the legend; `tips` are the columns' tooltips."""
    shown = without_empty_columns(frame)
    kinds: set[str] = set()
    for name in marked:
        if name in shown.columns:
            kinds |= marks_used(shown[name])
            shown = shown.assign(**{name: visible_marks(shown[name])})
    titles = set(shown.columns)
    kept_help = {title: text for title, text in (tips or {}).items() if title in titles}
    return PeopleTable(_blank_texts(shown), kept_help, marks_legend(kinds))


def rule_codes_help(codes: Iterable[str]) -> str:
    """The tooltip of a Problem column: each rule's code, which the Help page, the
    command line and support use, one hover away instead of in every line."""
    distinct = [code for code in dict.fromkeys(codes) if isinstance(code, str)]
    lines = [f"- {rule_title(code)}: `{code}`" for code in distinct]
    return "\n".join([_("The code of each problem, for the Help page and for support:"),
                      "", *lines])


def findings_for_people(findings: pd.DataFrame,
                        columns: Sequence[str] = tuple(COLUMN_TITLES)) -> PeopleTable:
    """Findings (or changes) as a page lists them: plain titles, rule titles, the
    severity as a word, the file's values marked, the codes in the Problem column's
    help, and no column that would be empty."""
    chosen = [name for name in columns if name in findings.columns]
    kept = without_empty_columns(findings[chosen])
    readable = for_people(kept, list(kept.columns))
    marked = [_(COLUMN_TITLES[name]) for name in VALUE_COLUMNS if name in kept.columns]
    help_texts = {}
    if "rule" in kept.columns:
        help_texts[_(COLUMN_TITLES["rule"])] = rule_codes_help(kept["rule"].dropna().unique())
    return people_table(readable, marked, help_texts)


def rules_for_people(by_rule: pd.DataFrame) -> PeopleTable:
    """The findings counted per rule (`rule_table`) with each rule's title, its
    severity as a word and its count; the codes in the Problem column's help."""
    codes = by_rule["Rule"]
    frame = pd.DataFrame({
        _("Problem"): [_(RULES[code].title) for code in codes],
        _("Severity"): [severity_word(severity) for severity in by_rule["Severity"]],
        _("Times found"): by_rule["Findings"].to_list(),
    })
    return people_table(frame, tips={_("Problem"): rule_codes_help(codes)})
