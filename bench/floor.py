"""The measured floor: the same rules, written directly with `pyarrow.compute`.

Why: "fast" means nothing without a reference. The floor is what a competent
engineer would write by hand for this one file layout, with none of Preflight's
generality: read with `pandas.read_csv(engine="pyarrow", dtype=str)`, then every cell
and line rule of RULES.md that applies to the columns present, as whole-column Arrow
kernels (regex matches, `is_in` against options/members/workflows, calendar checks,
distinct-value shortcuts for columns with few values, duplicate detection restricted
to repeated IDs), counting the failing cells per rule with the engine's "one problem,
one finding" priority. It builds no messages, no fixes and no JSON: that bookkeeping is
what Preflight may spend on top, within the 2× target.

It is honest rather than a strawman: it computes every rule Preflight reports on the
benchmark's files (`RULES`: every cell rule of the catalogue, `whitespace` on list
cells and the comparisons of a customer's lines included; `NOT_ON_ITS_FILES` says why
the others never apply there), and on a generated file of either shape its counts per
rule equal the generator's truth (tests/test_bench_recall.py checks both), so the
check/floor ratio compares equal detection work.

It runs as its own process and does not import `checks` (whose import pulls in
pandera and the whole engine): only pandas, pyarrow, numpy and yaml, and the bundled
demo definitions read straight from their YAML file.

Usage: python -m bench.floor FILE [--sep ;] → one JSON line: rows, counts per rule.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

TEXT = pa.large_string()

# ── the rules' constants (tests/test_bench_recall.py asserts they equal the engine's) ──

#: Characters turned into plain spaces before trimming (`checks.text.vectorised.clean_spaces`).
ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200b\ufeff\r\n\t"
_ATOM = r"[A-Za-z0-9+_'-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_TLD = r"(?:[A-Za-z]{2,}|(?i:xn--)[A-Za-z0-9-]+)"
EMAIL_PATTERN = rf"^{_ATOM}+(?:\.{_ATOM}+)*@(?:{_LABEL}\.)+{_TLD}$"
NUMBER_PATTERN = r"^-?[0-9]+(?:\.[0-9]+)?$"
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SCIENTIFIC_PATTERN = r"^[0-9]+(?:[.,][0-9]+[eE][+-]?[0-9]+|[eE][+-][0-9]+)$"
TRAILING_ZERO_PATTERN = r"^[0-9]+\.0+$"
NUMBER_LIKE_PATTERN = r"^[+-][0-9 ().,]*$"
FORMULA_STARTS = "=+-@"
POSITIONS = ("Accounting", "Sales", "Purchaser", "Payer")
MAIN_CONTACT_YES = ("1", "1.0", "yes", "y", "true", "x", "oui", "vrai", "✓", "✔", "☑", "✅")
TEXT_LIMIT = 2_000
MIN_PADDED_SHARE = 0.1

#: The engine's one-finding-per-cell order (`checks.check.priority.VALUE_RULE_PRIORITY`).
PRIORITY = (
    "required_missing", "parent_incomplete", "email_format", "member_not_found",
    "member_not_account_manager", "email_uppercase", "select_option",
    "multi_select_option", "workflow_not_found", "position_invalid", "main_contact_format",
    "number_format", "date_format", "boolean_format", "text_too_long", "id_damaged",
    "whitespace", "formula_like",
)
_RANK = {rule: rank for rank, rule in enumerate(PRIORITY)}

#: Every rule the floor computes: the value rules above and the relations between lines.
RULES = frozenset(PRIORITY) | {"parent_self", "parent_unknown", "customer_conflict",
                               "duplicate_contact", "main_contact_multiple"}
#: The catalogue's other rules, and why none can be reported on the benchmark's files.
NOT_ON_ITS_FILES = {
    "customer_not_found": "applies to assignment files without details; the benchmark's "
                          "files have Customer name and the other details",
    **{code: "a file or column rule: the files are UTF-8 CSV with the exact Upflow "
             "headers, every line with every cell"
       for code in ("file_unreadable", "file_empty", "encoding_converted", "ragged_row",
                    "no_import_columns", "duplicate_header", "unknown_column",
                    "missing_column", "synced_custom_field", "section_not_allowed",
                    "header_alias")},
}

#: The Details columns compared between lines of the same customer.
DETAIL_COLUMNS = ("Customer name", "Accounting code", "VAT number", "Address", "Postal code",
                  "Town", "State/Region", "Country", "Parent name", "Parent ID")
CONTACT_COLUMNS = ("Contact email address", "First name", "Family name", "Phone number",
                   "Position", "Main contact")
ASSIGNMENT_COLUMNS = ("Account manager", "Workflow")

Mask = np.ndarray  # bool per line: True = the rule fails


# ── definitions ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Org:
    """The parts of the definitions the rules need."""

    fields: dict[str, tuple[str, tuple[str, ...]]]  # column → (type, options)
    members: tuple[str, ...]
    managers: tuple[str, ...]
    workflows: tuple[str, ...]
    known_ids: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> Org:
        """The bundled demo organization, read without importing `checks`."""
        if path is None:
            spec = importlib.util.find_spec("checks")
            if spec is None or not spec.submodule_search_locations:
                raise RuntimeError("the checks package is not installed")
            path = Path(next(iter(spec.submodule_search_locations))) / "definitions" / "demo.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = {f["name"]: (f["type"], tuple(f.get("options") or ()))
                  for f in doc.get("custom_fields") or [] if f.get("managed") != "synced"}
        members = doc.get("members") or []
        return cls(
            fields=fields,
            members=tuple(m["email"].lower() for m in members),
            managers=tuple(m["email"].lower() for m in members
                           if "account_manager" in (m.get("roles") or [])),
            workflows=tuple(doc.get("workflows") or ()),
            known_ids=tuple(str(c["id"]) for c in doc.get("customers") or []),
        )


# ── Arrow helpers ──────────────────────────────────────────────────────────────


def arrow(series: pd.Series) -> pa.Array:
    """The column as one large_string Arrow array (pandas' "str" is Arrow already)."""
    array = pa.array(series.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(TEXT)


def np_bool(array: pa.Array | pa.ChunkedArray) -> Mask:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def clean(array: pa.Array) -> pa.Array:
    """Odd spaces and line breaks to plain spaces, then trimmed (`clean_spaces`).

    The regex replacement rebuilds the whole column, so it runs only on the few cells
    that hold an odd space (found by a much cheaper regex match)."""
    odd = pc.match_substring_regex(array, f"[{ODD_SPACES}]")
    if pc.any(odd).as_py():
        mask = pc.fill_null(odd, False)
        spaced = pc.replace_substring_regex(array.filter(mask), f"[{ODD_SPACES}]", " ")
        array = pc.replace_with_mask(array, mask, spaced)
    return pc.utf8_trim(array, " ")


def blank(array: pa.Array) -> Mask:
    return np_bool(pc.equal(pc.utf8_trim_whitespace(array), ""))


def matches(array: pa.Array, pattern: str) -> Mask:
    return np_bool(pc.match_substring_regex(array, pattern))


def per_distinct(array: pa.Array, test: Callable[[pa.Array], Mask]) -> Mask:
    """`test` once per distinct value, spread back: for columns with few values."""
    encoded = pc.dictionary_encode(array)
    verdicts = test(encoded.dictionary)
    return verdicts[encoded.indices.to_numpy(zero_copy_only=False)]


def in_set(array: pa.Array, values: Sequence[str]) -> Mask:
    return np_bool(pc.is_in(array, value_set=pa.array(list(values), TEXT)))


# ── cell rules, each returning the failing mask ────────────────────────────────


def whitespace(raw: pa.Array, cleaned: pa.Array) -> Mask:
    return np_bool(pc.not_equal(raw, cleaned))


def list_whitespace(raw: pa.Array, separators: str) -> Mask:
    tight = pc.replace_substring_regex(clean(raw), f" *([{separators}]) *", r"\1")
    return np_bool(pc.not_equal(raw, tight))


def formula_like(raw: pa.Array) -> Mask:
    """Starts with = + - @ once spaces are cleaned, and is not a number: one anchored
    regex finds the candidates, the number test runs on those only."""
    starts = matches(raw, f"^[ {ODD_SPACES}]*[{re.escape(FORMULA_STARTS)}]")
    if starts.any():
        starts[starts] = ~matches(clean(raw.filter(pa.array(starts))), NUMBER_LIKE_PATTERN)
    return starts


def one_of(cleaned: pa.Array, names: Sequence[str]) -> Mask:
    def test(values: pa.Array) -> Mask:
        return ~in_set(values, names) & ~np_bool(pc.equal(values, ""))
    return per_distinct(cleaned, test)


def items_of(cleaned: pa.Array, pattern: str) -> tuple[pa.Array, np.ndarray]:
    """Every list cell split into trimmed items, and each item's cell index."""
    lists = pc.split_pattern_regex(cleaned, pattern)
    parents = pc.list_parent_indices(lists).to_numpy()
    return pc.utf8_trim(pc.list_flatten(lists), " "), parents


def any_item(bad: Mask, parents: np.ndarray, size: int) -> Mask:
    return np.bincount(parents[bad], minlength=size) > 0


def multi_select(cleaned: pa.Array, options: Sequence[str]) -> Mask:
    def test(values: pa.Array) -> Mask:
        items, parents = items_of(values, "[,;]")
        bad = any_item(~in_set(items, options), parents, len(values))
        return bad & ~np_bool(pc.equal(values, ""))
    return per_distinct(cleaned, test)


def account_managers(cleaned: pa.Array, org: Org) -> dict[str, Mask]:
    """The four member rules, per distinct cell (a few dozen distinct values)."""
    encoded = pc.dictionary_encode(cleaned)
    cells = encoded.dictionary
    items, parents = items_of(cells, ",")
    lower = pc.utf8_lower(items)
    empty_cell = np_bool(pc.equal(cells, ""))
    empty_item = np_bool(pc.equal(items, ""))
    member = in_set(lower, org.members)
    verdicts = {
        "email_format": ~matches(items, EMAIL_PATTERN),
        "member_not_found": ~member & ~empty_item,
        "member_not_account_manager": member & ~in_set(lower, org.managers),
        "email_uppercase": np_bool(pc.not_equal(items, lower)),
    }
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return {rule: (any_item(bad, parents, len(cells)) & ~empty_cell)[codes]
            for rule, bad in verdicts.items()}


def id_damaged(cleaned: pa.Array) -> Mask:
    scientific = matches(cleaned, SCIENTIFIC_PATTERN)
    trailing = matches(cleaned, TRAILING_ZERO_PATTERN)
    digits = matches(cleaned, "^[0-9]+$")
    zero = np_bool(pc.starts_with(cleaned, "0"))
    lengths = pc.utf8_length(cleaned).to_numpy(zero_copy_only=False)
    padded = digits & zero & (lengths > 1)
    lost = np.zeros(len(cleaned), dtype=bool)
    if padded.any() and padded.sum() >= MIN_PADDED_SHARE * digits.sum():
        width = int(np.argmax(np.bincount(lengths[padded])))
        lost = digits & ~zero & (lengths < width)
    return scientific | trailing | lost


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def real_day(iso: pa.Array) -> Mask:
    """Whether YYYY-MM-DD texts name a day that exists (Arrow's strptime rolls
    2025-02-30 over to March, so the calendar is checked with integers)."""
    def part(start: int, stop: int) -> np.ndarray:
        return pc.cast(pc.utf8_slice_codeunits(iso, start, stop), pa.int64()).to_numpy()
    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    return (year >= 1) & month_ok & (day >= 1) & (day <= last)


def date_format(raw: pa.Array) -> Mask:
    def test(values: pa.Array) -> Mask:
        shaped = matches(values, ISO_DATE_PATTERN)
        real = np.zeros(len(values), dtype=bool)
        if shaped.any():
            real[shaped] = real_day(values.filter(pa.array(shaped)))
        return ~real & ~blank(values)
    return per_distinct(raw, test)


def number_format(raw: pa.Array) -> Mask:
    return ~matches(raw, NUMBER_PATTERN) & ~blank(raw)


def boolean_format(raw: pa.Array) -> Mask:
    return per_distinct(raw, lambda values: ~in_set(pc.utf8_lower(values), ("true", "false"))
                        & ~blank(values))


def text_too_long(raw: pa.Array) -> Mask:
    return (pc.utf8_length(raw).to_numpy(zero_copy_only=False) > TEXT_LIMIT) & ~blank(raw)


def main_contact_format(raw: pa.Array, cleaned: pa.Array) -> Mask:
    return ~np_bool(pc.equal(raw, "1")) & ~np_bool(pc.equal(cleaned, ""))


class Cleaned(dict[str, pa.Array]):
    """`clean` of each column, computed the first time a rule needs it (text
    columns whose only rule is formula safety never need it)."""

    def __init__(self, frame: dict[str, pa.Array]) -> None:
        super().__init__()
        self.frame = frame

    def __missing__(self, name: str) -> pa.Array:
        self[name] = clean(self.frame[name])
        return self[name]


def cell_rules(header: str, raw: pa.Array, cleaned_columns: Cleaned,
               org: Org) -> dict[str, Mask]:
    """Every value rule of one column, by its (exact, canonical) header."""
    rules: dict[str, Mask] = {"formula_like": formula_like(raw)}
    kind, options = org.fields.get(header, ("", ()))
    # Rules judging the value as written (custom fields other than selects).
    if kind == "text":
        rules["text_too_long"] = text_too_long(raw)
    elif kind == "number":
        rules["number_format"] = number_format(raw)
    elif kind == "date":
        rules["date_format"] = date_format(raw)
    elif kind == "boolean":
        rules["boolean_format"] = boolean_format(raw)
    # Rules judging the space-cleaned value.
    if header in ("Customer name", "Parent name"):
        rules["whitespace"] = whitespace(raw, cleaned_columns[header])
    elif header in ("Customer ID", "Parent ID", "External ID", "Client ID (External ID)"):
        rules["id_damaged"] = id_damaged(cleaned_columns[header])
        rules["whitespace"] = whitespace(raw, cleaned_columns[header])
    elif header == "Contact email address":
        cleaned = cleaned_columns[header]
        rules["email_format"] = ~matches(cleaned, EMAIL_PATTERN) & ~np_bool(
            pc.equal(cleaned, ""))
        rules["whitespace"] = whitespace(raw, cleaned)
    elif header == "Account manager":
        rules.update(account_managers(cleaned_columns[header], org))
        rules["whitespace"] = per_distinct(raw, lambda v: list_whitespace(v, ","))
    elif header == "Workflow":
        rules["workflow_not_found"] = one_of(cleaned_columns[header], org.workflows)
        rules["whitespace"] = whitespace(raw, cleaned_columns[header])
    elif header == "Position":
        rules["position_invalid"] = one_of(cleaned_columns[header], POSITIONS)
        rules["whitespace"] = whitespace(raw, cleaned_columns[header])
    elif header == "Main contact":
        rules["main_contact_format"] = main_contact_format(raw, cleaned_columns[header])
    elif kind == "single_select":
        rules["select_option"] = one_of(cleaned_columns[header], options)
        rules["whitespace"] = whitespace(raw, cleaned_columns[header])
    elif kind == "multi_select":
        rules["multi_select_option"] = multi_select(cleaned_columns[header], options)
        rules["whitespace"] = per_distinct(raw, lambda v: list_whitespace(v, ",;"))
    return rules


# ── line rules ─────────────────────────────────────────────────────────────────


def line_rules(frame: dict[str, pa.Array], cleaned: Cleaned,
               org: Org) -> dict[tuple[str, str], Mask]:
    """The cross-cell rules: (rule, column) → failing lines."""
    size = len(next(iter(frame.values())))
    filled = {name: ~blank(frame[name]) for name in frame}
    out: dict[tuple[str, str], Mask] = {}
    contact = np.zeros(size, dtype=bool)
    for name in CONTACT_COLUMNS:
        if name in frame:
            contact |= filled[name]
    assignment = np.zeros(size, dtype=bool)
    for name in ASSIGNMENT_COLUMNS:
        if name in frame:
            assignment |= filled[name]
    if "Customer name" in frame:
        out["required_missing", "Customer name"] = ~filled["Customer name"]
    if "Contact email address" in frame:
        out["required_missing", "Contact email address"] = (
            ~filled["Contact email address"] & contact)
    id_column = "Customer ID" if "Customer ID" in frame else None
    if id_column:
        out["required_missing", id_column] = ~filled[id_column] & (contact | assignment)
    if "Parent name" in frame and "Parent ID" in frame:
        out["parent_incomplete", "Parent name"] = ~filled["Parent name"] & filled["Parent ID"]
        out["parent_incomplete", "Parent ID"] = ~filled["Parent ID"] & filled["Parent name"]
        parent = cleaned["Parent ID"]
        given = ~np_bool(pc.equal(parent, ""))
        if id_column:
            out["parent_self", "Parent ID"] = given & np_bool(
                pc.equal(parent, cleaned[id_column]))
            known = pa.concat_arrays([pc.unique(cleaned[id_column]),
                                      pa.array(list(org.known_ids), TEXT)])
        else:
            known = pa.array(list(org.known_ids), TEXT)
        out["parent_unknown", "Parent ID"] = given & ~np_bool(
            pc.is_in(parent, value_set=known))
    if id_column:
        out.update(_same_customer_rules(frame, cleaned, id_column))
    return out


def _same_customer_rules(frame: dict[str, pa.Array], cleaned: Cleaned,
                         id_column: str) -> dict[tuple[str, str], Mask]:
    """customer_conflict, duplicate_contact, main_contact_multiple: only lines whose
    customer key appears more than once can fail, so the grouping runs on those."""
    size = len(frame[id_column])
    keys = cleaned[id_column]
    encoded = pc.dictionary_encode(keys)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    repeated = np.bincount(codes)[codes] > 1
    out: dict[tuple[str, str], Mask] = {}
    if not repeated.any():
        return out
    lines = np.flatnonzero(repeated)
    subset = pd.DataFrame({"key": codes[lines]})
    given_key = ~np_bool(pc.equal(keys, "")).take(lines) if len(lines) else None
    for name in DETAIL_COLUMNS:
        if name in frame and name != id_column:
            values = pd.Series(clean(frame[name].take(lines)).to_numpy(zero_copy_only=False))
            given = (values != "").to_numpy() & given_key
            first = values.where(given).groupby(subset["key"].where(given)).transform("first")
            bad = np.zeros(size, dtype=bool)
            bad[lines] = given & (values != first.fillna("")).to_numpy()
            out["customer_conflict", name] = bad
    if "Contact email address" in frame:
        emails = pd.Series(pc.utf8_lower(clean(frame["Contact email address"].take(lines)))
                           .to_numpy(zero_copy_only=False))
        dup = pd.DataFrame({"k": subset["key"], "e": emails}).duplicated(keep="first")
        bad = np.zeros(size, dtype=bool)
        bad[lines] = (dup & (emails != "")).to_numpy()
        out["duplicate_contact", "Contact email address"] = bad
    if "Main contact" in frame:
        marked = pd.Series(in_set(pc.utf8_lower(clean(frame["Main contact"].take(lines))),
                                  MAIN_CONTACT_YES))
        count = marked.groupby(subset["key"]).transform("sum")
        bad = np.zeros(size, dtype=bool)
        bad[lines] = (marked & (count > 1)).to_numpy()
        out["main_contact_multiple", "Main contact"] = bad
    return out


# ── the whole run ──────────────────────────────────────────────────────────────


def detect_separator(path: Path) -> str:
    """The most frequent of ; , | tab on the header line."""
    with open(path, encoding="utf-8-sig", errors="replace") as file:
        header = file.readline()
    return max(";,|\t", key=header.count)


def count_findings(path: Path, sep: str | None = None, org: Org | None = None,
                   ) -> dict[str, int]:
    """Failing cells per rule, one rule per cell by the engine's priority."""
    org = org or Org.load()
    data = pd.read_csv(path, sep=sep or detect_separator(path), engine="pyarrow",
                       dtype=str, keep_default_na=False, encoding="utf-8")
    frame = {str(name): arrow(data[name]) for name in data.columns}
    del data
    cleaned = Cleaned(frame)
    counts: dict[str, int] = {}
    by_cell: dict[str, dict[str, Mask]] = {name: {} for name in frame}
    for (rule, column), mask in line_rules(frame, cleaned, org).items():
        if rule in _RANK:
            by_cell[column][rule] = mask
        elif mask.any():
            counts[rule] = counts.get(rule, 0) + int(mask.sum())
    for name, raw in frame.items():
        rules = {**cell_rules(name, raw, cleaned, org), **by_cell[name]}
        taken = np.zeros(len(raw), dtype=bool)
        for rule in sorted(rules, key=_RANK.__getitem__):
            new = rules[rule] & ~taken
            if new.any():
                counts[rule] = counts.get(rule, 0) + int(new.sum())
                taken |= new
    return dict(sorted(counts.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor",
                                     description="The measured floor: read the file and "
                                     "count failing cells per rule with pyarrow.compute.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--sep", help="the separator (default: detected)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = count_findings(args.file, args.sep)
    print(json.dumps({"file": str(args.file), "findings": sum(counts.values()),
                      "by_rule": counts,
                      "seconds": round(time.perf_counter() - started, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
