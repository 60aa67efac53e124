"""A deterministic generator of realistic customer files, with known injected errors.

Why: the performance targets of issue 7 compare Preflight with a floor and with
frictionless on *the same* file, and the recall test checks that every injected
error is found and nothing else is. Both need a file that is (1) valid against the
bundled demo organization wherever no error was injected, (2) the same for the same
seed, whatever the machine, and (3) quick to produce at a million lines, so every
column is built with numpy and `pyarrow.compute` over whole arrays: no Python loop
per line.

The file has the Upflow columns of the Details, Groups, Assignment and Contacts
sections (Customer ID standing for the identifier of every section) plus the first
Upflow-managed custom field of each type, about 290 bytes a line. Each line is one
customer with its main contact; about 1% of the lines are group heads that about 5%
of the lines name as their parent.

A share of the lines (`error_rate`) gets exactly one injected error each, drawn from
`CATALOGUE`. The truth file lists every finding the injected errors must produce:
`row` (the spreadsheet row: header = 1), `column` (the header), `rule` (RULES.md's
code) and `injection` (which catalogue entry). An injection never creates a finding
elsewhere unless the truth lists it too: the only one is `main_contact_multiple`,
which by definition marks both lines of the pair.

The `members-lists` shape (`--shape members-lists`) is the adversarial file of issue 19,
the one a user measured at 2.5–3× the floor: every account manager of the organization
is used, most customers have a list of two or three of them, most tagged customers
have two tags, and many of those lists are written `a, b` (a space after the comma, so
each is a `whitespace` warning: about a quarter of the lines); and a customer often
has several contact lines (same ID and details, another contact), so the rules that
compare the lines of one customer work on most of the file. Injected errors go only
on customers of one line, so each still produces exactly the findings recorded.

Usage:
    python -m bench.generate --rows 1000000 --sep ';' --error-rate 0.02 --seed 1 \\
        --out customers.csv --truth truth.csv [--shape members-lists]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks import Definitions, FieldType, Managed, demo_definitions
from checks.definitions.document import POSITIONS
from checks.model.columns import CUSTOMER_DETAIL_COLUMNS

TEXT = pa.large_string()

#: The Upflow columns of the file, in order (Customer ID names the identifier once:
#: External ID and Client ID (External ID) would be a duplicate header).
UPFLOW_HEADERS: tuple[str, ...] = (
    "Customer name", "Customer ID", "Accounting code", "VAT number", "Address",
    "Postal code", "Town", "State/Region", "Country", "Parent name", "Parent ID",
    "Account manager", "Workflow", "Contact email address", "First name", "Family name",
    "Phone number", "Position", "Main contact",
)

#: Custom field types, in the order their columns follow the Upflow columns.
FIELD_TYPES: tuple[FieldType, ...] = (
    FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT, FieldType.DATE, FieldType.NUMBER,
    FieldType.BOOLEAN, FieldType.TEXT,
)

#: IDs are "0" + 7 digits: zero-padded like many billing tools, so a lost zero is
#: visible (`id_damaged`), and room for ten million distinct customers.
ID_DIGITS = 7
MAX_ROWS = 10**ID_DIGITS - 1

# ── vocabularies (plain ASCII separators: no ; , | " or line break in clean values,
#    except the "," between multi-select items and account managers) ─────────────

_COMPANY_FIRST = (
    "Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka",
    "Tyrell", "Cyberdyne", "Soylent", "Vandelay", "Hooli", "Pied Piper", "Massive",
    "Dunder", "Oceanic", "Monarch", "Aperture", "Blue Harbor", "Silver Oak", "Red Pine",
    "Golden Gate", "Nordic", "Alpine", "Atlas", "Boreal", "Cascade", "Delta", "Éole",
    "Lumière", "Quartz", "Saphir", "Horizon", "Vertex", "Zenith", "Orion", "Polaris",
)
_COMPANY_SECOND = (
    "Logistics", "Trading", "Foods", "Retail", "Pharma", "Energy", "Consulting",
    "Engineering", "Textiles", "Software", "Media", "Transport", "Construction", "Hotels",
    "Motors", "Chemicals", "Distribution", "Electronics", "Furniture", "Packaging",
    "Industries", "Services", "Systems", "Analytics",
)
_COMPANY_SUFFIX = (" SAS", " SA", " SARL", " GmbH", " Ltd", " BV", " SpA", " SL", " Inc", "")
_FIRST_NAMES = (
    "Camille", "Jonas", "Priya", "Léa", "Hugo", "Emma", "Louis", "Chloé", "Lucas", "Inès",
    "Noah", "Manon", "Arthur", "Sarah", "Jules", "Zoé", "Gabriel", "Anna", "Raphaël",
    "Julia", "Adam", "Lina", "Paul", "Alice", "Tom", "Eva", "Nathan", "Clara", "Max",
    "Sofia", "Felix", "Mia", "Oliver", "Amelia", "Liam", "Olivia",
)
_FAMILY_NAMES = (
    "Martin", "Weber", "Shah", "Dubois", "Bernard", "Thomas", "Petit", "Robert", "Richard",
    "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "García",
    "Müller", "Schmidt", "Schneider", "Fischer", "Rossi", "Russo", "Smith", "Jones",
    "Taylor", "Brown", "Wilson", "Nguyen", "Kowalski", "Novak", "Jansen", "De Vries",
    "Silva", "Santos", "O'Brien",
)
_STREETS = (
    "rue de la Paix", "avenue Victor Hugo", "boulevard Haussmann", "rue des Lilas",
    "place Bellecour", "quai des Chartrons", "Hauptstraße", "Königsallee", "Calle Mayor",
    "Via Roma", "High Street", "Station Road", "Kerkstraat", "rue du Commerce",
    "avenue Jean Jaurès", "chemin des Vignes", "route de Lyon", "allée des Tilleuls",
)
# (town, postal code, state/region, country, VAT prefix, phone prefix)
_PLACES = (
    ("Paris", "75008", "Île-de-France", "France", "FR", "+33 1"),
    ("Lyon", "69002", "Auvergne-Rhône-Alpes", "France", "FR", "+33 4"),
    ("Marseille", "13001", "Provence-Alpes-Côte d'Azur", "France", "FR", "+33 4"),
    ("Bordeaux", "33000", "Nouvelle-Aquitaine", "France", "FR", "+33 5"),
    ("Lille", "59000", "Hauts-de-France", "France", "FR", "+33 3"),
    ("Nantes", "44000", "Pays de la Loire", "France", "FR", "+33 2"),
    ("Toulouse", "31000", "Occitanie", "France", "FR", "+33 5"),
    ("Berlin", "10115", "Berlin", "Germany", "DE", "+49 30"),
    ("München", "80331", "Bayern", "Germany", "DE", "+49 89"),
    ("Madrid", "28013", "Comunidad de Madrid", "Spain", "ES", "+34 91"),
    ("Milano", "20121", "Lombardia", "Italy", "IT", "+39 02"),
    ("Bruxelles", "1000", "Bruxelles-Capitale", "Belgium", "BE", "+32 2"),
    ("Amsterdam", "1012", "Noord-Holland", "Netherlands", "NL", "+31 20"),
    ("London", "EC1A 1BB", "England", "United Kingdom", "GB", "+44 20"),
)
_NOTES = (
    "Prefers reminders by email, never by phone.",
    "Pays on the 10th of the month after approval by the finance team.",
    "Purchase order number required on every invoice.",
    "Disputed invoice in 2024 settled, relationship good since then.",
    "Call the accounts payable team before the due date.",
    "Send statements to the shared accounts payable mailbox.",
    "Payment run every Tuesday and Thursday.",
    "Escalate to the account manager after the second reminder.",
    "Invoices go through Coupa: upload them there as well.",
    "Partial payments are normal: they pay per delivery.",
)

# ── small vectorised helpers ───────────────────────────────────────────────────


def _text(values: Sequence[str] | np.ndarray) -> pa.Array:
    return pa.array(values, TEXT)


def _pick(rng: np.random.Generator, vocabulary: Sequence[str], size: int) -> pa.Array:
    """`size` values drawn uniformly from `vocabulary`, as one Arrow array."""
    return _text(list(vocabulary)).take(rng.integers(0, len(vocabulary), size))


def _digits(values: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded decimal text."""
    return pc.utf8_lpad(pa.array(values, pa.int64()).cast(TEXT), width, padding="0")


def _join(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    """Element-wise concatenation of arrays and literal strings."""
    arrays = [pa.scalar(part, TEXT) if isinstance(part, str) else part for part in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar(sep, TEXT))


def _blank_where(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """`values` with "" where `mask` is set (an empty cell)."""
    return pc.if_else(pa.array(mask), pa.scalar("", TEXT), values)


def _slug(words: Sequence[str]) -> list[str]:
    """Lowercase ASCII letters of each word, for email addresses (`Léa` → `lea`)."""
    import unicodedata

    out = []
    for word in words:
        ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        out.append("".join(ch for ch in ascii_word.lower() if ch.isalnum()))
    return out


# ── the clean file ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Organization:
    """What the generated values must be valid against, read from definitions."""

    fields: dict[FieldType, str]          # type → the custom field's column name
    options: dict[FieldType, tuple[str, ...]]
    account_managers: tuple[str, ...]
    other_members: tuple[str, ...]        # members without the account manager role
    workflows: tuple[str, ...]
    known_customers: tuple[tuple[str, str], ...]  # (id, name)

    @classmethod
    def of(cls, definitions: Definitions) -> Organization:
        fields: dict[FieldType, str] = {}
        options: dict[FieldType, tuple[str, ...]] = {}
        for custom in definitions.custom_fields:
            if custom.managed is Managed.UPFLOW and custom.type not in fields:
                fields[custom.type] = custom.name
                options[custom.type] = tuple(custom.options)
        missing = [kind.value for kind in FIELD_TYPES if kind not in fields]
        if missing:
            raise ValueError(f"the definitions have no Upflow-managed field of type {missing}")
        managers = tuple(m.email for m in definitions.members if "account_manager" in m.roles)
        others = tuple(m.email for m in definitions.members
                       if "account_manager" not in m.roles)
        if not managers or not definitions.workflows:
            raise ValueError("the definitions need an account manager and a workflow")
        return cls(fields, options, managers, others, tuple(definitions.workflows),
                   tuple((c.id, c.name) for c in definitions.customers))

    @property
    def headers(self) -> tuple[str, ...]:
        return UPFLOW_HEADERS + tuple(self.fields[kind] for kind in FIELD_TYPES)


@dataclass
class Frame:
    """The file being built: one Arrow text array per header, plus the facts the
    injections need (which lines are group heads, each line's company domain)."""

    columns: dict[str, pa.Array]
    heads: np.ndarray      # bool per line: some other line names it as its parent
    domains: pa.Array      # the company's email domain of each line
    truth: list[pd.DataFrame] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.domains)

    def set(self, column: str, rows: np.ndarray, values: pa.Array | str) -> None:
        """Overwrite `column` at `rows` (any order, distinct) with `values`."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        if isinstance(values, str):
            values = _text([values] * len(rows))
        order = np.argsort(rows, kind="stable")
        mask = np.zeros(len(self), dtype=bool)
        mask[rows] = True
        self.columns[column] = pc.replace_with_mask(
            self.columns[column], pa.array(mask), values.cast(TEXT).take(order))

    def get(self, column: str, rows: np.ndarray) -> pa.Array:
        return self.columns[column].take(np.asarray(rows, dtype=np.int64))

    def expect(self, rows: np.ndarray, column: str, rule: str, injection: str) -> None:
        """Record that line `rows` (0-based) must get a `rule` finding in `column`."""
        self.truth.append(pd.DataFrame({
            "row": np.asarray(rows, dtype=np.int64) + 2, "column": column, "rule": rule,
            "injection": injection}))


def clean_frame(rows: int, org: Organization, rng: np.random.Generator) -> Frame:
    """A file of `rows` lines with no problem at all for the organization."""
    if not 1 <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be between 1 and {MAX_ROWS:,}")
    n = rows
    first_word = rng.integers(0, len(_COMPANY_FIRST), n)
    second_word = rng.integers(0, len(_COMPANY_SECOND), n)
    name = _join(_text(_COMPANY_FIRST).take(first_word), " ",
                 _text(_COMPANY_SECOND).take(second_word),
                 _pick(rng, _COMPANY_SUFFIX, n))
    domain = _join(_text(_slug(_COMPANY_FIRST)).take(first_word),
                   _text(_slug(_COMPANY_SECOND)).take(second_word), ".example")
    ids = _join("0", _digits(rng.choice(MAX_ROWS, size=n, replace=False) + 1, ID_DIGITS))

    place = rng.integers(0, len(_PLACES), n)

    def place_part(index: int) -> pa.Array:
        return _text([p[index] for p in _PLACES]).take(place)

    first = rng.integers(0, len(_FIRST_NAMES), n)
    family = rng.integers(0, len(_FAMILY_NAMES), n)
    email = _join(_text(_slug(_FIRST_NAMES)).take(first), ".",
                  _text(_slug(_FAMILY_NAMES)).take(family), "@", domain)

    managers = _pick(rng, org.account_managers, n)
    if len(org.account_managers) > 1:
        # A tenth of the customers have two account managers ("a,b"), 5% none.
        shift = rng.integers(1, len(org.account_managers), n)
        second_index = (pc.index_in(managers, _text(org.account_managers)).to_numpy()
                        + shift) % len(org.account_managers)
        second = _text(org.account_managers).take(second_index)
        managers = pc.if_else(pa.array(rng.random(n) < 0.10),
                              _join(managers, second, sep=","), managers)
    managers = _blank_where(managers, rng.random(n) < 0.05)

    pairs = [_digits(rng.integers(0, 100, n), 2) for _ in range(4)]
    phone = _join(place_part(5), *pairs, sep=" ")

    columns: dict[str, pa.Array] = {
        "Customer name": name,
        "Customer ID": ids,
        "Accounting code": _join("411", _digits(rng.integers(0, 100_000, n), 5)),
        "VAT number": _join(place_part(4), _digits(rng.integers(0, 10**11, n), 11)),
        "Address": _join(pa.array(rng.integers(1, 200, n)).cast(TEXT), " ",
                         _pick(rng, _STREETS, n)),
        "Postal code": place_part(1),
        "Town": place_part(0),
        "State/Region": place_part(2),
        "Country": place_part(3),
        "Parent name": _text([""] * n),
        "Parent ID": _text([""] * n),
        "Account manager": managers,
        "Workflow": _blank_where(_pick(rng, org.workflows, n), rng.random(n) < 0.05),
        "Contact email address": email,
        "First name": _text(_FIRST_NAMES).take(first),
        "Family name": _text(_FAMILY_NAMES).take(family),
        "Phone number": phone,
        "Position": _blank_where(_pick(rng, POSITIONS, n), rng.random(n) < 0.25),
        "Main contact": _text(["1"] * n),  # one line per customer: its main contact
    }
    columns.update(_custom_columns(n, org, rng))

    heads, child, parent = _groups(n, len(org.known_customers), rng)
    # (A placeholder when the organization knows no customer: then no child uses it.)
    known_ids = _text([c[0] for c in org.known_customers] or [""])
    known_names = _text([c[1] for c in org.known_customers] or [""])
    head_ids = pc.if_else(pa.array(parent < 0), known_ids.take(np.maximum(-parent - 1, 0)),
                          ids.take(np.maximum(parent, 0)))
    head_names = pc.if_else(pa.array(parent < 0),
                            known_names.take(np.maximum(-parent - 1, 0)),
                            name.take(np.maximum(parent, 0)))
    frame = Frame(columns, heads, domain)
    frame.set("Parent name", child, head_names)
    frame.set("Parent ID", child, head_ids)
    return frame


def _custom_columns(n: int, org: Organization,
                    rng: np.random.Generator) -> dict[str, pa.Array]:
    """One value per line for the first custom field of each type, some left empty."""
    single = org.options[FieldType.SINGLE_SELECT]
    multi = _text(org.options[FieldType.MULTI_SELECT])
    first = rng.integers(0, len(multi), n)
    second = (first + rng.integers(1, max(len(multi), 2), n)) % len(multi)
    how_many = rng.choice(3, size=n, p=[0.3, 0.5, 0.2])  # 0, 1 or 2 tags
    tags = pc.if_else(pa.array(how_many == 2),
                      _join(multi.take(first), multi.take(second), sep=","),
                      multi.take(first))
    tags = _blank_where(tags, how_many == 0)

    days = np.datetime64("2024-01-01") + rng.integers(0, 5 * 365, n).astype("timedelta64[D]")
    dates = _blank_where(_text(np.datetime_as_string(days, unit="D")), rng.random(n) < 0.2)

    units = pa.array(rng.integers(0, 500, n) * 1000 + rng.integers(0, 1000, n)).cast(TEXT)
    cents = _digits(rng.integers(0, 100, n), 2)
    amounts = pc.if_else(pa.array(rng.random(n) < 0.5), _join(units, ".", cents), units)
    amounts = pc.if_else(pa.array(rng.random(n) < 0.02), _join("-", amounts), amounts)
    amounts = _blank_where(amounts, rng.random(n) < 0.15)

    booleans = _blank_where(_pick(rng, ("true", "false", "TRUE", "False"), n),
                            rng.random(n) < 0.1)
    notes = _blank_where(_pick(rng, _NOTES, n), rng.random(n) < 0.7)
    return {
        org.fields[FieldType.SINGLE_SELECT]: _blank_where(_pick(rng, single, n),
                                                          rng.random(n) < 0.1),
        org.fields[FieldType.MULTI_SELECT]: tags,
        org.fields[FieldType.DATE]: dates,
        org.fields[FieldType.NUMBER]: amounts,
        org.fields[FieldType.BOOLEAN]: booleans,
        org.fields[FieldType.TEXT]: notes,
    }


def _groups(n: int, known: int,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group heads (~1% of lines), children (~5%) and each child's parent: a head's
    line index, or -1-k for the organization's k-th known customer (one in ten)."""
    heads = rng.random(n) < 0.01
    head_rows = np.flatnonzero(heads)
    candidates = np.flatnonzero(~heads & (rng.random(n) < 0.05))
    if not len(head_rows) and not known:
        return heads, np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    parent = np.empty(len(candidates), dtype=np.int64)
    use_known = rng.random(len(candidates)) < (0.1 if len(head_rows) else 1.0)
    if known:
        parent[use_known] = -1 - rng.integers(0, known, int(use_known.sum()))
    else:
        use_known[:] = False
    if len(head_rows):
        parent[~use_known] = head_rows[rng.integers(0, len(head_rows),
                                                    int((~use_known).sum()))]
    return heads, candidates, parent


# ── the injected errors ────────────────────────────────────────────────────────

Inject = Callable[[Frame, np.ndarray, Organization, np.random.Generator, str], None]


@dataclass(frozen=True)
class Injection:
    """One kind of injected error: `apply` changes lines `rows` and records the
    findings they must produce. `pair` injections copy the line just before (its
    "partner", never itself injected), e.g. to reuse its customer ID."""

    name: str
    weight: float
    apply: Inject
    pair: bool = False


def _values(column: str, rule: str, values: Sequence[str]) -> Inject:
    """Replace the cell with one of `values` (each alone produces exactly `rule`)."""

    def apply(frame: Frame, rows: np.ndarray, org: Organization,
              rng: np.random.Generator, name: str) -> None:
        frame.set(column, rows, _pick(rng, values, len(rows)))
        frame.expect(rows, column, rule, name)

    return apply


def _derived(column: str, rule: str,
             make: Callable[[pa.Array, Organization, np.random.Generator], pa.Array],
             ) -> Inject:
    """Replace the cell with `make(current values)`."""

    def apply(frame: Frame, rows: np.ndarray, org: Organization,
              rng: np.random.Generator, name: str) -> None:
        frame.set(column, rows, make(frame.get(column, rows), org, rng))
        frame.expect(rows, column, rule, name)

    return apply


def _field_values(kind: FieldType, rule: str, values: Sequence[str]) -> Inject:
    """`_values` on the custom field of type `kind` (its name comes from definitions)."""

    def apply(frame: Frame, rows: np.ndarray, org: Organization,
              rng: np.random.Generator, name: str) -> None:
        _values(org.fields[kind], rule, values)(frame, rows, org, rng, name)

    return apply


def _uppercase_manager(frame: Frame, rows: np.ndarray, org: Organization,
                       rng: np.random.Generator, name: str) -> None:
    """An account manager's email with capitals: `email_uppercase` only."""
    emails = _pick(rng, org.account_managers, len(rows))
    capital = _join(pc.utf8_upper(pc.utf8_slice_codeunits(emails, 0, 1)),
                    pc.utf8_slice_codeunits(emails, 1))
    shouted = pc.utf8_upper(emails)
    frame.set("Account manager", rows,
              pc.if_else(pa.array(rng.random(len(rows)) < 0.5), capital, shouted))
    frame.expect(rows, "Account manager", "email_uppercase", name)


def _not_manager(frame: Frame, rows: np.ndarray, org: Organization,
                 rng: np.random.Generator, name: str) -> None:
    """A member without the account manager role (an unknown address when the
    organization has no such member)."""
    if org.other_members:
        frame.set("Account manager", rows, _pick(rng, org.other_members, len(rows)))
        frame.expect(rows, "Account manager", "member_not_account_manager", name)
    else:
        _values("Account manager", "member_not_found",
                ["nobody@unknown.example"])(frame, rows, org, rng, name)


def _with_space(values: pa.Array, org: Organization, rng: np.random.Generator) -> pa.Array:
    """A leading space, a trailing space or a trailing non-breaking space."""
    kind = rng.integers(0, 3, len(values))
    return pc.case_when(
        pc.make_struct(pa.array(kind == 0), pa.array(kind == 1)),
        _join(" ", values), _join(values, " "), _join(values, "\u00a0"))


def _whitespace(column: str, fallback: Callable[[Organization], Sequence[str]]) -> Inject:
    """`whitespace`: the cell's value (or, when empty, a valid one) with a stray space."""

    def make(values: pa.Array, org: Organization, rng: np.random.Generator) -> pa.Array:
        empty = pc.equal(values, "")
        values = pc.if_else(empty, _pick(rng, fallback(org), len(values)), values)
        return _with_space(values, org, rng)

    return _derived(column, "whitespace", make)


def _field_whitespace(kind: FieldType) -> Inject:
    def apply(frame: Frame, rows: np.ndarray, org: Organization,
              rng: np.random.Generator, name: str) -> None:
        _whitespace(org.fields[kind], lambda o: o.options[kind])(frame, rows, org, rng, name)

    return apply


def _tags_spaced(frame: Frame, rows: np.ndarray, org: Organization,
                 rng: np.random.Generator, name: str) -> None:
    """Two valid options with a space after the comma: list `whitespace`."""
    options = org.options[FieldType.MULTI_SELECT]
    first = rng.integers(0, len(options), len(rows))
    second = (first + 1) % len(options)
    column = org.fields[FieldType.MULTI_SELECT]
    frame.set(column, rows, _join(_text(options).take(first), _text(options).take(second),
                                  sep=", "))
    frame.expect(rows, column, "whitespace", name)


def _managers_spaced(frame: Frame, rows: np.ndarray, org: Organization,
                     rng: np.random.Generator, name: str) -> None:
    """Two account managers with a space after the comma (one manager repeated when
    the organization has only one, still a whitespace problem only)."""
    managers = org.account_managers
    first = rng.integers(0, len(managers), len(rows))
    second = (first + 1) % len(managers)
    frame.set("Account manager", rows,
              _join(_text(managers).take(first), _text(managers).take(second), sep=", "))
    frame.expect(rows, "Account manager", "whitespace", name)


def _lost_zeros(values: pa.Array, org: Organization, rng: np.random.Generator) -> pa.Array:
    """The ID as a spreadsheet's number column leaves it: "00123456" → "123456"."""
    return pc.utf8_ltrim(values, "0")


def _trailing_zero(values: pa.Array, org: Organization,
                   rng: np.random.Generator) -> pa.Array:
    """The ID read back from a number column: "00123456" → "123456.0"."""
    return _join(pc.utf8_ltrim(values, "0"), ".0")


def _formula_family(values: pa.Array, org: Organization,
                    rng: np.random.Generator) -> pa.Array:
    return _join("-", values)


def _parent_unknown(frame: Frame, rows: np.ndarray, org: Organization,
                    rng: np.random.Generator, name: str) -> None:
    """A parent that is neither in the file nor a known customer ("P-" never is)."""
    frame.set("Parent name", rows, _pick(rng, ("Unknown Holding", "Old Group SA"), len(rows)))
    frame.set("Parent ID", rows, _join("P-", _digits(rng.integers(0, 10**6, len(rows)), 6)))
    frame.expect(rows, "Parent ID", "parent_unknown", name)


def _parent_self(frame: Frame, rows: np.ndarray, org: Organization,
                 rng: np.random.Generator, name: str) -> None:
    """The line names itself as its parent."""
    frame.set("Parent name", rows, frame.get("Customer name", rows))
    frame.set("Parent ID", rows, frame.get("Customer ID", rows))
    frame.expect(rows, "Parent ID", "parent_self", name)


def _parent_incomplete(frame: Frame, rows: np.ndarray, org: Organization,
                       rng: np.random.Generator, name: str) -> None:
    """A parent name without its ID."""
    current = frame.get("Parent name", rows)
    frame.set("Parent name", rows,
              pc.if_else(pc.equal(current, ""), _text(["Northwind Group"] * len(rows)),
                         current))
    frame.set("Parent ID", rows, "")
    frame.expect(rows, "Parent ID", "parent_incomplete", name)


def _same_customer(frame: Frame, rows: np.ndarray, partners: np.ndarray) -> None:
    """Line `rows` becomes another line of its partner's customer: same ID and
    details, and a second, non-main contact at the same company."""
    frame.set("Customer ID", rows, frame.get("Customer ID", partners))
    for column in CUSTOMER_DETAIL_COLUMNS:
        frame.set(column, rows, frame.get(column, partners))
    frame.set("Contact email address", rows,
              _join("accounts.payable@", frame.domains.take(partners)))
    frame.set("Main contact", rows, "")


def _customer_conflict(frame: Frame, rows: np.ndarray, org: Organization,
                       rng: np.random.Generator, name: str) -> None:
    """The partner's customer ID under another name."""
    partners = rows - 1
    own = frame.get("Customer name", rows)
    _same_customer(frame, rows, partners)
    theirs = frame.get("Customer name", partners)
    frame.set("Customer name", rows,
              pc.if_else(pc.equal(own, theirs), _join(own, " Group"), own))
    frame.expect(rows, "Customer name", "customer_conflict", name)


def _duplicate_contact(frame: Frame, rows: np.ndarray, org: Organization,
                       rng: np.random.Generator, name: str) -> None:
    """The partner's contact again, for the same customer."""
    partners = rows - 1
    _same_customer(frame, rows, partners)
    for column in ("Contact email address", "First name", "Family name"):
        frame.set(column, rows, frame.get(column, partners))
    frame.expect(rows, "Contact email address", "duplicate_contact", name)


def _main_contact_multiple(frame: Frame, rows: np.ndarray, org: Organization,
                           rng: np.random.Generator, name: str) -> None:
    """A second main contact for the partner's customer: both lines are reported."""
    partners = rows - 1
    _same_customer(frame, rows, partners)
    frame.set("Main contact", rows, "1")
    frame.expect(rows, "Main contact", "main_contact_multiple", name)
    frame.expect(partners, "Main contact", "main_contact_multiple", name)


#: Every kind of injected error. Weights are relative; text_too_long is rare
#: because each one adds 2 kB to the file.
CATALOGUE: tuple[Injection, ...] = (
    Injection("date_format", 1, _field_values(FieldType.DATE, "date_format", (
        "31/12/2025", "2025-02-30", "12.03.2025", "5 March 2025", "2025/06/30", "45123",
        "03/04/2025", "2025-13-01"))),
    Injection("number_format", 1, _field_values(FieldType.NUMBER, "number_format", (
        "1 234,56", "12,5", "1.234,56", "€1200", "1,234", "12 500", "1e3", "(300)"))),
    Injection("boolean_format", 1, _field_values(FieldType.BOOLEAN, "boolean_format", (
        "maybe", "yes", "0", "oui", "N/A", "Vrai"))),
    Injection("select_option", 1, _field_values(FieldType.SINGLE_SELECT, "select_option", (
        "smb", "Small business", "Mid market", "enterprise", "Corporate"))),
    Injection("multi_select_option", 1, _field_values(
        FieldType.MULTI_SELECT, "multi_select_option", (
            "Strategic,Gold", "Key account", "VIP;Platinum", "at risk", "Partner"))),
    Injection("select_whitespace", 1, _field_whitespace(FieldType.SINGLE_SELECT)),
    Injection("multi_select_whitespace", 1, _tags_spaced),
    Injection("email_uppercase", 1, _uppercase_manager),
    Injection("member_not_found", 1, _values("Account manager", "member_not_found", (
        "alex.moreau@northwind.example", "camille.martin@northwind.com",
        "former.employee@northwind.example"))),
    Injection("member_not_account_manager", 1, _not_manager),
    Injection("manager_email_format", 1, _values("Account manager", "email_format", (
        "camille.martin@northwind", "camille.martin.northwind.example"))),
    Injection("manager_whitespace", 1, _managers_spaced),
    Injection("workflow_not_found", 1, _values("Workflow", "workflow_not_found", (
        "standard", "Key accounts - soft", "Premium", "Dunning", "Legal"))),
    Injection("workflow_whitespace", 1, _whitespace("Workflow", lambda o: o.workflows)),
    Injection("contact_email_format", 1, _values("Contact email address", "email_format", (
        "jean.dupont@example", "jean dupont@example.fr", "jean.dupont.example.fr",
        "jean..dupont@example.fr", "jean@dupont@example.fr"))),
    Injection("contact_email_whitespace", 1,
              _whitespace("Contact email address", lambda o: ("ap@acme.example",))),
    Injection("name_whitespace", 1, _whitespace("Customer name", lambda o: ("Acme SA",))),
    Injection("id_whitespace", 1, _whitespace("Customer ID", lambda o: ("01234567",))),
    Injection("name_missing", 1, _values("Customer name", "required_missing", ("",))),
    Injection("contact_email_missing", 1,
              _values("Contact email address", "required_missing", ("",))),
    Injection("formula_notes", 1, _field_values(FieldType.TEXT, "formula_like", (
        "=SUM(A1)", '=HYPERLINK("http://pay.example","Pay")', "@Call back Monday",
        "+ call back", "=cmd|'/C calc'!A0"))),
    Injection("formula_family_name", 1, _derived("Family name", "formula_like",
                                                 _formula_family)),
    Injection("text_too_long", 0.2, _field_values(FieldType.TEXT, "text_too_long", (
        "Long history. " * 150,))),
    Injection("position_invalid", 1, _values("Position", "position_invalid", (
        "CEO", "Finance", "Buyer", "Head of AP"))),
    Injection("main_contact_format", 1, _values("Main contact", "main_contact_format", (
        "yes", "x", "TRUE", "2", "oui"))),
    Injection("id_lost_zeros", 1, _derived("Customer ID", "id_damaged", _lost_zeros)),
    Injection("id_trailing_zero", 1, _derived("Customer ID", "id_damaged", _trailing_zero)),
    Injection("parent_unknown", 1, _parent_unknown),
    Injection("parent_self", 1, _parent_self),
    Injection("parent_incomplete", 1, _parent_incomplete),
    Injection("customer_conflict", 1, _customer_conflict, pair=True),
    Injection("duplicate_contact", 1, _duplicate_contact, pair=True),
    Injection("main_contact_multiple", 1, _main_contact_multiple, pair=True),
)

#: Where a pair injection goes when its line cannot have a partner.
_FALLBACK = next(i for i, kind in enumerate(CATALOGUE) if kind.name == "workflow_not_found")


def inject(frame: Frame, error_rate: float, org: Organization,
           rng: np.random.Generator, spared: np.ndarray | None = None) -> None:
    """Give `error_rate` of the lines exactly one injected error each.

    Group heads are never injected (their ID is what children name), nor the `spared`
    lines (a customer's several contact lines, whose details and contacts an injection
    would set against each other). A pair injection needs the line before it
    untouched and not spared: otherwise it becomes a plain one.
    """
    if not 0 <= error_rate <= 1:
        raise ValueError("error_rate must be between 0 and 1")
    spared = np.zeros(len(frame), dtype=bool) if spared is None else spared
    eligible = np.flatnonzero(~frame.heads & ~spared)
    count = min(round(len(frame) * error_rate), len(eligible))
    if not count:
        return
    rows = np.sort(rng.choice(eligible, size=count, replace=False))
    weights = np.array([kind.weight for kind in CATALOGUE], dtype=float)
    kinds = rng.choice(len(CATALOGUE), size=count, p=weights / weights.sum())
    injected = np.zeros(len(frame), dtype=bool)
    injected[rows] = True
    pair = np.array([kind.pair for kind in CATALOGUE])[kinds]
    no_partner = ((rows == 0) | injected[np.maximum(rows - 1, 0)]
                  | spared[np.maximum(rows - 1, 0)])
    kinds[pair & no_partner] = _FALLBACK
    for index, kind in enumerate(CATALOGUE):
        chosen = rows[kinds == index]
        if len(chosen):
            kind.apply(frame, chosen, org, rng, kind.name)


# ── the members-lists shape (issue 19) ────────────────────────────────────────

#: The shapes `generate` writes: the benchmark's usual file, and the adversarial one.
SHAPES: tuple[str, ...] = ("standard", "members-lists")

#: Share of the lines that are another contact of the customer on the line above.
EXTRA_CONTACT_SHARE = 0.3
#: Account manager cells holding 1, 2 or 3 managers (a few are left empty).
MANAGERS_PER_CELL = (0.2, 0.4, 0.4)
#: Multi-select cells holding 0, 1 or 2 tags.
TAGS_PER_CELL = (0.1, 0.3, 0.6)
#: Share of the untouched lists written `a, b` (each a `whitespace` warning).
SPACED_MANAGERS = 0.15
SPACED_TAGS = 0.2


def _managers_lists(n: int, managers: Sequence[str], rng: np.random.Generator) -> pa.Array:
    """Lists of one to three distinct account managers ("a,b,c"), all of them used."""
    names = _text(managers)
    count = len(managers)
    first = rng.integers(0, count, n)
    cells = names.take(first)
    if count > 1:
        shift = rng.integers(1, count, n)
        second = names.take((first + shift) % count)
        size = rng.choice(3, size=n, p=MANAGERS_PER_CELL) + 1
        cells = pc.if_else(pa.array(size >= 2), _join(cells, second, sep=","), cells)
        if count > 2:
            # Another shift in 1..count-1, never the first one: a third distinct manager.
            other = 1 + (shift - 1 + rng.integers(1, count - 1, n)) % (count - 1)
            third = names.take((first + other) % count)
            cells = pc.if_else(pa.array(size == 3), _join(cells, third, sep=","), cells)
    return _blank_where(cells, rng.random(n) < 0.03)


def _tag_lists(n: int, options: Sequence[str], rng: np.random.Generator) -> pa.Array:
    """Multi-select cells, most of them holding two tags ("a,b")."""
    tags = _text(options)
    first = rng.integers(0, len(options), n)
    second = (first + rng.integers(1, max(len(options), 2), n)) % len(options)
    how_many = rng.choice(3, size=n, p=TAGS_PER_CELL)
    cells = pc.if_else(pa.array(how_many == 2),
                       _join(tags.take(first), tags.take(second), sep=","), tags.take(first))
    return _blank_where(cells, how_many == 0)


def _slugs_of(names: pa.Array, vocabulary: Sequence[str]) -> pa.Array:
    """The email slug of each name drawn from `vocabulary`."""
    return _text(_slug(vocabulary)).take(pc.index_in(names, _text(vocabulary)))


def members_lists(frame: Frame, org: Organization, rng: np.random.Generator) -> np.ndarray:
    """Reshape a clean frame into the adversarial one (module docstring); the lines of
    customers on several lines, which `inject` must spare, come back.

    Still clean: a customer's extra lines repeat its ID and details exactly, each has
    its own contact address (the line's names and its rank in the customer), and none
    is the main contact."""
    n = len(frame)
    frame.columns["Account manager"] = _managers_lists(n, org.account_managers, rng)
    multi = org.fields[FieldType.MULTI_SELECT]
    frame.columns[multi] = _tag_lists(n, org.options[FieldType.MULTI_SELECT], rng)
    extra = (rng.random(n) < EXTRA_CONTACT_SHARE) & ~frame.heads
    extra[0] = False
    lines = np.arange(n)
    owner = np.maximum.accumulate(np.where(extra, 0, lines))  # the customer's first line
    rows = np.flatnonzero(extra)
    owners = owner[rows]
    frame.set("Customer ID", rows, frame.get("Customer ID", owners))
    for column in CUSTOMER_DETAIL_COLUMNS:
        frame.set(column, rows, frame.get(column, owners))
    frame.domains = pc.if_else(pa.array(extra), frame.domains.take(owner), frame.domains)
    rank = pa.array(rows - owners + 1).cast(TEXT)
    frame.set("Contact email address", rows, _join(
        _slugs_of(frame.get("First name", rows), _FIRST_NAMES), ".",
        _slugs_of(frame.get("Family name", rows), _FAMILY_NAMES), rank, "@",
        frame.domains.take(rows)))
    frame.set("Main contact", rows, "")
    return np.bincount(owner, minlength=n)[owner] > 1


def space_lists(frame: Frame, org: Organization, rng: np.random.Generator) -> None:
    """Write some lists of the lines no injection touched as `a, b`: a `whitespace`
    warning each, recorded in the truth."""
    touched = np.zeros(len(frame), dtype=bool)
    for found in frame.truth:
        touched[found["row"].to_numpy() - 2] = True
    multi = org.fields[FieldType.MULTI_SELECT]
    for column, share in (("Account manager", SPACED_MANAGERS), (multi, SPACED_TAGS)):
        lists = np.asarray(pc.match_substring(frame.columns[column], ",").to_numpy(
            zero_copy_only=False), dtype=bool)
        rows = np.flatnonzero(lists & ~touched & (rng.random(len(frame)) < share))
        frame.set(column, rows, pc.replace_substring(frame.get(column, rows), ",", ", "))
        frame.expect(rows, column, "whitespace", "spaced_list")


# ── writing ────────────────────────────────────────────────────────────────────


def _quoted(values: pa.Array, sep: str) -> pa.Array:
    """CSV quoting (RFC 4180): only values holding the separator, a quote or a line
    break are quoted, quotes doubled. Plain substring searches: several times faster
    than one regex over the column."""
    needs = None
    for special in {sep, '"', "\r", "\n"}:
        found = pc.match_substring(values, special)
        needs = found if needs is None else pc.or_(needs, found)
    if not pc.any(needs).as_py():
        return values
    quoted = _join('"', pc.replace_substring(values, '"', '""'), '"')
    return pc.if_else(needs, quoted, values)


def csv_bytes(frame: Frame, headers: Sequence[str], sep: str) -> pa.Buffer:
    """The file's bytes: header then one line per customer, `\\n`-terminated.

    Each line is an element of one Arrow string array, so the file is that array's
    value buffer: no Python string per line."""
    cells = [_quoted(frame.columns[name], sep) for name in headers]
    lines = _join(*cells, sep=sep)
    lines = _join(lines, "\n")
    header = sep.join(_quoted(_text([h]), sep)[0].as_py() for h in headers) + "\n"
    body = pa.concat_arrays([_text([header]), lines.cast(TEXT)])
    offsets = body.buffers()[1]
    data = body.buffers()[2]
    first, last = np.frombuffer(offsets, dtype=np.int64)[[body.offset,
                                                          body.offset + len(body)]]
    return data.slice(int(first), int(last - first))


@dataclass(frozen=True)
class Generated:
    """A generated file: its bytes, its headers and the truth of injected errors."""

    data: pa.Buffer
    headers: tuple[str, ...]
    truth: pd.DataFrame
    rows: int

    def write(self, path: str | Path, truth_path: str | Path | None = None) -> None:
        with open(path, "wb") as out:
            out.write(self.data)
        if truth_path is not None:
            self.truth.to_csv(truth_path, index=False)


def generate(rows: int, *, sep: str = ";", error_rate: float = 0.0, seed: int = 1,
             definitions: Definitions | None = None, shape: str = "standard") -> Generated:
    """A file of `rows` customer lines (plus the header) and its truth table, of one
    of `SHAPES`.

    The same arguments always give the same bytes (numpy's PCG64 stream is stable
    across platforms for these calls)."""
    if len(sep) != 1 or sep in '"\r\n':
        raise ValueError("the separator must be one character other than a quote or a "
                         "line break")
    if shape not in SHAPES:
        raise ValueError(f"the shape must be one of {', '.join(SHAPES)}")
    org = Organization.of(definitions or demo_definitions())
    rng = np.random.default_rng(seed)
    frame = clean_frame(rows, org, rng)
    if shape == "members-lists":
        inject(frame, error_rate, org, rng, spared=members_lists(frame, org, rng))
        space_lists(frame, org, rng)
    else:
        inject(frame, error_rate, org, rng)
    truth = (pd.concat(frame.truth, ignore_index=True) if frame.truth
             else pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "rule": [],
                                "injection": []}))
    truth = truth.sort_values(["row", "column", "rule"], ignore_index=True)
    return Generated(csv_bytes(frame, org.headers, sep), org.headers, truth, rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Write a realistic customer file for the demo organization, with "
                    "known injected errors.")
    parser.add_argument("--rows", type=int, required=True, help="customer lines (no header)")
    parser.add_argument("--sep", default=";", help="the separator (default ;)")
    parser.add_argument("--error-rate", type=float, default=0.0,
                        help="share of lines with one injected error (default 0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument("--truth", help="where to write the injected errors (CSV: row, "
                        "column, rule, injection)")
    parser.add_argument("--shape", choices=SHAPES, default="standard",
                        help="the benchmark's usual file, or members-lists: lists of "
                        "every account manager and of tags, many written 'a, b', and "
                        "customers with several contact lines (default standard)")
    args = parser.parse_args(argv)
    sep = "\t" if args.sep in ("\\t", "tab") else args.sep
    started = time.perf_counter()
    generated = generate(args.rows, sep=sep, error_rate=args.error_rate, seed=args.seed,
                         shape=args.shape)
    generated.write(args.out, args.truth)
    size = generated.data.size
    print(f"{args.out}: {args.rows:,} lines, {len(generated.headers)} columns, "
          f"{size / 1e6:,.1f} MB ({size / max(args.rows, 1):.0f} bytes/line), "
          f"{len(generated.truth):,} expected findings, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
