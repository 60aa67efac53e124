"""Hypothesis strategies shared by the fuzz and property tests.

They generate what real files hold at their worst: cells full of CSV structure
(separators, quotes, line breaks), spaces a person cannot see, text beyond ASCII,
values that look like formulas, numbers, dates and emails; headers that are Upflow's
names, their aliases, near misses or nonsense; and definitions documents that are
almost right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from checks.definitions.document import FieldType, Managed, SourceSystem
from checks.model.columns import UPFLOW_COLUMNS
from checks.model.separators import INPUT_SEPARATORS, SEPARATORS

# ── cells ───────────────────────────────────────────────────────────────────────────

#: Pieces that make CSV and Upflow's checks hard, glued together into cells.
TRICKY_PIECES: tuple[str, ...] = (
    ";", ",", "|", '"', '""', "\n", "\r\n", "\r", " ", "  ", "\t", "\u00a0", "\u2028",
    "é", "–", "ß", "日本", "🚩", "Ω", "=", "=SUM(A1:A2)", "+", "-", "@", "'", "0", "00123",
    "1 234,56", "12,5", "1.23E+11", "31/12/2025", "03/04/2025", "2025-01-01", "TRUE", "oui",
    " SMB", "smb", "Strategic, vip", "Camille.Martin@northwind.example", "standard ",
    "accounting", "yes", "C-9001", "\ufeff",
)

#: Any character that UTF-8 can hold, except NUL: a NUL byte makes a file binary,
#: hence unreadable by rule (RULES.md), so it is not cell *text*.
CELL_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")


def cell_texts(*, max_pieces: int = 4) -> st.SearchStrategy[str]:
    """A cell: a few tricky pieces and random characters glued together."""
    piece = st.one_of(st.sampled_from(TRICKY_PIECES), st.text(CELL_CHARS, max_size=5))
    return st.lists(piece, max_size=max_pieces).map("".join)


# ── headers ─────────────────────────────────────────────────────────────────────────

#: The headers the demo organization knows: Upflow's columns, their aliases and the
#: demo's custom fields (checks/definitions/demo.yaml).
DEMO_CUSTOM_FIELDS: tuple[str, ...] = ("Segment", "Tags", "Contract end", "Credit limit",
                                       "Direct debit", "Collector notes", "NetSuite Id",
                                       "Salesforce Account Id")
KNOWN_HEADERS: tuple[str, ...] = tuple(
    name for column in UPFLOW_COLUMNS for name in (column.name, *column.aliases)
) + DEMO_CUSTOM_FIELDS


def _disguised(name: str, how: str) -> str:
    """A known header as people write it: another case, padded, flagged, accented."""
    return {"upper": name.upper(), "lower": name.lower(), "padded": f" {name}  ",
            "flag": f"🚩 {name}", "nbsp": name.replace(" ", "\u00a0"),
            "accent": name.replace("e", "é"), "dots": name.replace(" ", "."),
            "as is": name}[how]


def headers() -> st.SearchStrategy[str]:
    """One header: a known name (perhaps disguised) or anything at all."""
    known = st.builds(_disguised, st.sampled_from(KNOWN_HEADERS),
                      st.sampled_from(["upper", "lower", "padded", "flag", "nbsp", "accent",
                                       "dots", "as is", "as is", "as is"]))
    return st.one_of(known, cell_texts(max_pieces=3))


# ── CSV files ───────────────────────────────────────────────────────────────────────

def quoted_minimal(value: str, sep: str) -> str:
    """A value as spreadsheets write it: quoted only when it holds the separator, a
    quote or a line break (the export's own rule, RFC 4180's)."""
    if any(special in value for special in (sep, '"', "\r", "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


def quoted_always(value: str, sep: str) -> str:
    """A value as some exporters write every value: always quoted."""
    return '"' + value.replace('"', '""') + '"'


def csv_text(records: Sequence[Sequence[str]], sep: str, line_end: str, *,
             quote_all: bool = False, final_line_end: bool = True) -> str:
    """Records written as a well-formed CSV text."""
    quote = quoted_always if quote_all else quoted_minimal
    lines = [sep.join(quote(value, sep) for value in record) for record in records]
    return line_end.join(lines) + (line_end if final_line_end and lines else "")


#: Encodings a person's CSV arrives in that the reader promises to read exactly
#: (README: UTF-8 with or without BOM, UTF-16 with its BOM).
EXACT_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16")

#: Pieces of raw CSV-ish text: structure in every wrong place.
_RAW_PIECES: tuple[str, ...] = (
    ";", ",", "|", "\t", '"', '""', '"""', "\n", "\r\n", "\r", "\n\n", "\x00", " ", "\ufeff",
    "\u2028", "\x85", "\x0b", "\x0c", "\x1a", "a", "bc", "é", "日本", "🚩", "=1+1", "0",
    "Customer name", "Customer ID", "Email", "Segment", "\\", "'", "#", "<html>", "<?xml",
    "\xff", "ÿþ",
)


def raw_csv_texts(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """Text that is roughly CSV: structural pieces and random characters in any order
    (unbalanced quotes, ragged records, blank lines, NUL, stray BOMs)."""
    piece = st.one_of(st.sampled_from(_RAW_PIECES), st.text(max_size=4))
    return st.lists(piece, max_size=max_pieces).map("".join)


def encoded(text: str, encoding: str) -> bytes:
    """The text in an encoding; characters it cannot hold become '?'."""
    return text.encode(encoding, errors="replace")


ANY_ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                "cp1252", "latin-1", "utf-32"])

SEPARATOR = st.sampled_from(SEPARATORS)
#: What the reader takes: the export's separators and tab.
INPUT_SEPARATOR = st.sampled_from(INPUT_SEPARATORS)
LINE_END = st.sampled_from(["\r\n", "\n"])


# ── workbook values ─────────────────────────────────────────────────────────────────

def workbook_values() -> st.SearchStrategy[object]:
    """What a cell of an openpyxl workbook can hold: text (formulas too), numbers,
    booleans, dates, times and durations, or nothing."""
    return st.one_of(
        st.none(), st.booleans(), st.integers(-10**15, 10**15),
        st.floats(allow_nan=True, allow_infinity=False, width=64),
        st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
        st.dates(min_value=dt.date(1900, 3, 1)), st.times(),
        st.timedeltas(min_value=dt.timedelta(days=-100), max_value=dt.timedelta(days=1000)),
        st.sampled_from(["=1+1", "=A1&\"x\"", "=SUM(A1:B2)", "=HYPERLINK(\"http://x\")",
                         "=1/0", "=", "==", "=NOW()"]),
        cell_texts(max_pieces=3),
    )


# ── definitions documents ───────────────────────────────────────────────────────────

#: The leaves a YAML or JSON document can hold once loaded.
_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.sampled_from(["", " ", "api", "native", "salesforce_api", "text", "number",
                     "single_select", "multi_select", "boolean", "date", "upflow", "synced",
                     "account_manager", "a@b.co", "A@B.CO", "Standard", "Segment"]),
    st.dates(), st.datetimes(), st.binary(max_size=4),
)
_KEYS = st.one_of(st.sampled_from(["organization", "source_system", "custom_fields",
                                   "members", "workflows", "customers", "name", "type",
                                   "options", "managed", "email", "roles", "id"]),
                  st.text(max_size=6), st.integers(-3, 3), st.booleans(), st.none(),
                  st.floats(allow_nan=False), st.dates())

#: Anything a loaded document can be: nested lists and mappings of any leaves, with
#: keys that are not always text.
ANY_DOCUMENT = st.recursive(
    _LEAVES, lambda children: st.lists(children, max_size=4)
    | st.dictionaries(_KEYS, children, max_size=5), max_leaves=25)


def _maybe(value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Usually the right kind of value, sometimes anything."""
    return st.one_of(value, value, value, ANY_DOCUMENT)


def _custom_field() -> st.SearchStrategy[object]:
    entry = st.fixed_dictionaries(
        {"name": _maybe(st.sampled_from(DEMO_CUSTOM_FIELDS) | st.text(max_size=8)),
         "type": _maybe(st.sampled_from([kind.value for kind in FieldType]))},
        optional={"options": _maybe(st.lists(st.text(max_size=6), max_size=4)),
                  "managed": _maybe(st.sampled_from([kind.value for kind in Managed])),
                  "extra": ANY_DOCUMENT})
    return _maybe(entry)


def _member() -> st.SearchStrategy[object]:
    entry = st.fixed_dictionaries(
        {"email": _maybe(st.sampled_from(["a@b.co", "x.y@northwind.example", "A@b.co",
                                          "bad", "a@b"]) | st.emails())},
        optional={"roles": _maybe(st.lists(st.sampled_from(["account_manager", "admin", ""]),
                                           max_size=3))})
    return _maybe(entry)


def _customer() -> st.SearchStrategy[object]:
    entry = st.fixed_dictionaries({"id": _maybe(st.text(max_size=6) | st.integers())},
                                  optional={"name": ANY_DOCUMENT})
    return _maybe(entry)


#: Documents shaped like definitions, each part sometimes wrong, so the checks deep
#: inside `definitions_from_dict` are reached, not only the first type test.
DEFINITIONS_LIKE = st.fixed_dictionaries(
    {"organization": _maybe(st.text(max_size=10))},
    optional={
        "source_system": _maybe(st.sampled_from([kind.value for kind in SourceSystem])),
        "custom_fields": _maybe(st.lists(_custom_field(), max_size=4)),
        "members": _maybe(st.lists(_member(), max_size=3)),
        "workflows": _maybe(st.lists(st.text(max_size=8) | st.integers(), max_size=4)),
        "customers": _maybe(st.lists(_customer(), max_size=3)),
        "surprise": ANY_DOCUMENT,
    })

#: Pieces of YAML and JSON syntax, glued into documents that are almost documents.
_YAML_PIECES: tuple[str, ...] = (
    "organization: ", "source_system: ", "custom_fields:\n", "members:\n", "workflows: ",
    "customers:\n", "  - ", "- ", "name: ", "type: ", "options: ", "managed: ", "email: ",
    "roles: ", "id: ", "\n", "  ", "[", "]", "{", "}", ",", ":", "? ", "&a ", "*a", "!!str ",
    "!!int ", "!!float ", "!!binary ", "!!timestamp ", "!!python/object:os.system ", "<<: ",
    "---\n", "...\n", "%YAML 1.1\n", "'", '"', "#", "|\n", ">\n", "~", "null", "true",
    "1e400", "0x1F", "0o17", "2024-13-45", "2024-02-30", "2001-12-14t21:59:43.10-99:00",
    "12:30:00", ".nan", ".inf", "0b101", "1_000", "Northwind", "api", "text",
    "single_select", "a@b.co", "\t", "\ufeff", "\x00", "\x85", "é", "🚩",
)

YAMLISH_TEXT = st.lists(st.one_of(st.sampled_from(_YAML_PIECES), st.text(max_size=3)),
                        max_size=30).map("".join)
