"""Header mapping: exact, tolerant, aliases, user choices, and the column-level rules."""

import unicodedata
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from checks.definitions.document import CustomField, FieldType, SourceSystem, demo_definitions
from checks.map.headers import IGNORE, Match, header_key, map_headers, mapping_findings
from checks.model.columns import UPFLOW_COLUMNS, Section
from checks.model.findings import POSITION, finding, findings_frame, headers_findings
from checks.text.vectorised import key_of

DEFS = demo_definitions()


def rules_of(headers, definitions=DEFS, overrides=None) -> list[list]:
    mapping = map_headers(headers, definitions, overrides)
    findings = mapping_findings(mapping, definitions)
    return findings[["column", "rule"]].values.tolist()


def test_exact_headers_map_to_themselves() -> None:
    mapping = map_headers(["Customer name", "Customer ID", "Segment"], DEFS)
    assert [(c.target, c.match) for c in mapping.columns] == [
        ("Customer name", Match.EXACT), ("Customer ID", Match.EXACT), ("Segment", Match.EXACT)]
    assert mapping.sections == {Section.DETAILS, Section.CUSTOM_FIELDS}
    assert mapping.id_column == "Customer ID"


@pytest.mark.parametrize("header, target", [
    ("customer name", "Customer name"),
    ("  Customer name ", "Customer name"),
    ("🚩 Customer name", "Customer name"),
    ("External Id", "External ID"),
    ("Client ID", "Client ID (External ID)"),
    ("Last name", "Family name"),
    ("Email", "Contact email address"),
    ("E-mail", "Contact email address"),
    ("state / region", "State/Region"),
    ("SEGMENT", "Segment"),
    ("contract-end", "Contract end"),
])
def test_tolerant_headers(header: str, target: str) -> None:
    mapping = map_headers([header], DEFS)
    assert mapping.columns[0].target == target
    assert mapping.columns[0].match is Match.TOLERANT
    assert rules_of([header])[0] == [header, "header_alias"]


def test_unknown_column_suggests_the_closest_name() -> None:
    mapping = map_headers(["Customer name", "Acount manager", "Favourite colour"], DEFS)
    assert mapping.columns[1].suggestion == "Account manager"
    assert mapping.columns[2].suggestion is None
    findings = mapping_findings(mapping, DEFS)
    unknown = findings[findings["rule"] == "unknown_column"]
    assert unknown["column"].tolist() == ["Acount manager", "Favourite colour"]
    assert unknown["fix"].tolist() == ["Account manager", None]
    assert unknown["severity"].unique().tolist() == ["warning"]


def test_two_names_for_one_column_are_a_duplicate() -> None:
    assert rules_of(["Customer name", "Email", "Contact email address", "Client ID"]) == [
        ["Email", "header_alias"], ["Contact email address", "duplicate_header"],
        ["Client ID", "header_alias"]]


@pytest.mark.parametrize("headers, missing", [
    (["Customer name", "Parent name"], ["Parent ID"]),
    (["Customer name", "Parent ID"], ["Parent name"]),
    (["Customer name", "Client ID (External ID)", "First name"], ["Contact email address"]),
    (["Contact email address"], ["Customer name", "Client ID (External ID)"]),
    (["Customer name", "Workflow"], ["External ID"]),
    (["Accounting code"], ["Customer name"]),
])
def test_missing_mandatory_columns(headers: list[str], missing: list[str]) -> None:
    found = [c for c, rule in rules_of(headers) if rule == "missing_column"]
    assert found == missing


@pytest.mark.parametrize("headers", [
    ["Customer ID", "Workflow"],             # any ID name satisfies Assignment's External ID
    ["Customer name", "External ID", "Contact email address"],
    ["Customer name", "Customer ID", "Contact email address", "Position"],
    ["External ID", "Account manager"],
])
def test_any_identifier_name_satisfies_every_section(headers: list[str]) -> None:
    assert [r for _, r in rules_of(headers) if r == "missing_column"] == []


def test_synced_custom_field_cannot_be_imported() -> None:
    assert rules_of(["Customer name", "NetSuite Id"]) == [["NetSuite Id", "synced_custom_field"]]


@pytest.mark.parametrize("system, blocked", [
    (SourceSystem.API, []),
    (SourceSystem.NATIVE, ["Town", "Parent name", "Parent ID", "First name", "Phone number"]),
    (SourceSystem.SALESFORCE_NATIVE, ["Town", "Parent name", "Parent ID", "Account manager",
                                      "Workflow", "First name", "Phone number"]),
    (SourceSystem.SALESFORCE_API, ["Account manager", "Workflow", "First name",
                                   "Phone number"]),
])
def test_source_system_table(system: SourceSystem, blocked: list[str]) -> None:
    headers = ["Customer name", "Customer ID", "Town", "Parent name", "Parent ID",
               "Account manager", "Workflow", "Contact email address", "First name",
               "Phone number", "Position", "Main contact", "Segment"]
    definitions = replace(DEFS, source_system=system)
    found = [c for c, rule in rules_of(headers, definitions) if rule == "section_not_allowed"]
    assert found == blocked


def test_user_overrides_remap_and_ignore() -> None:
    mapping = map_headers(["Name of company", "Notes", "Whatever"], DEFS,
                          {0: "Customer name", 2: IGNORE})
    assert mapping.columns[0].target == "Customer name"
    assert mapping.columns[0].match is Match.USER
    assert mapping.columns[2].match is Match.IGNORED
    assert rules_of(["Name of company", "Notes", "Whatever"], DEFS,
                    {0: "Customer name", 2: IGNORE}) == [["Notes", "unknown_column"]]


def test_a_custom_field_named_without_letters_is_matched_exactly_only() -> None:
    """Found by tests/fuzz: a custom field called ";" has an empty tolerant key, so
    every empty header was taken for it (and a second one was a duplicate)."""
    field = CustomField(";", FieldType.TEXT)
    definitions = replace(DEFS, custom_fields=(*DEFS.custom_fields, field))
    mapping = map_headers(["Customer name", "", ";", "--"], definitions)
    assert [(c.target, c.match) for c in mapping.columns] == [
        ("Customer name", Match.EXACT), (None, Match.UNKNOWN), (";", Match.EXACT),
        (None, Match.UNKNOWN)]


@given(st.lists(st.text(max_size=30), max_size=12))
def test_mapping_never_raises_on_arbitrary_headers(headers: list[str]) -> None:
    mapping = map_headers(headers, DEFS)
    assert len(mapping.columns) == len(headers)
    mapping_findings(mapping, DEFS)


# ── French headers ───────────────────────────────────────────────────────────────────

FRENCH_EXPORT = ["Nom du client", "Code client", "Code comptable", "Numéro de TVA", "Adresse",
                 "Code postal", "Ville", "Région", "Pays", "Nom de la société mère", "ID parent",
                 "Responsable de compte", "Scénario de relance",
                 "Adresse e-mail du contact", "Prénom", "Nom", "Téléphone", "Poste",
                 "Contact principal"]


def test_a_full_french_export_maps_to_upflows_columns() -> None:
    mapping = map_headers(FRENCH_EXPORT, demo_definitions())
    assert [column.target for column in mapping.columns] == [
        "Customer name", "Customer ID", "Accounting code", "VAT number", "Address",
        "Postal code", "Town", "State/Region", "Country", "Parent name", "Parent ID",
        "Account manager", "Workflow", "Contact email address", "First name", "Family name",
        "Phone number", "Position", "Main contact"]


@pytest.mark.parametrize(("header", "target"), [
    ("ID client", "Customer ID"), ("N° client", "Customer ID"), ("n° CLIENT", "Customer ID"),
    ("E-mail", "Contact email address"), ("Adresse mail", "Contact email address"),
    ("  prénom ", "First name"), ("TELEPHONE", "Phone number"), ("Pays 🚩", "Country"),
])
def test_french_names_are_tolerant_like_english_ones(header: str, target: str) -> None:
    assert map_headers([header], demo_definitions()).columns[0].target == target


def test_an_unknown_french_header_gets_a_suggestion() -> None:
    column = map_headers(["Adresse e-mail du contat"], demo_definitions()).columns[0]
    assert column.target is None and column.suggestion == "Contact email address"


def test_no_name_stands_for_two_columns() -> None:
    """Every spelling, English or French, is tolerant-keyed to one column only."""
    from checks.map.headers import header_key
    from checks.model.columns import UPFLOW_COLUMNS

    owners: dict[str, set[str]] = {}
    for column in UPFLOW_COLUMNS:
        for name in column.names:
            owners.setdefault(header_key(name), set()).add(column.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


# ── suggestions for every unknown header at once, as one header at a time gave ──


def _one_at_a_time(header: str) -> str | None:
    """The suggestion as `map_headers` made it before comparing all headers at once:
    rapidfuzz's best spelling for the header alone, at least 75 % alike."""
    spellings = {name: column.name for column in UPFLOW_COLUMNS for name in column.names}
    for field in DEFS.custom_fields:
        spellings.setdefault(field.name, field.name)
    key = header_key(header)
    if not key:
        return None
    best = process.extractOne(key, {name: header_key(name) for name in spellings},
                              scorer=fuzz.ratio, score_cutoff=75)
    return spellings[best[2]] if best else None


_NEAR_NAMES = st.one_of(
    st.sampled_from([name for column in UPFLOW_COLUMNS for name in column.names]).map(
        lambda name: name[:-1]),  # a letter short: close, often alike to two names
    st.text(st.sampled_from("acemnotu IDé"), max_size=12))


@given(st.lists(_NEAR_NAMES, max_size=12))
def test_suggestions_are_each_headers_closest_name(headers: list[str]) -> None:
    mapping = map_headers(headers, DEFS)
    for column in mapping.columns:
        if column.match is Match.UNKNOWN:
            assert column.suggestion == _one_at_a_time(column.header)


def test_a_very_wide_header_gets_every_suggestion() -> None:
    """More unknown headers than one comparison call takes (slices of 1,024)."""
    headers = [f"Extra {n}" if n % 700 else "Acount manager" for n in range(2_500)]
    mapping = map_headers(headers, DEFS)
    assert [column.position for column in mapping.columns
            if column.suggestion == "Account manager"] == [0, 700, 1400, 2100]


@given(st.text())
def test_the_comparison_key_keeps_the_letters_and_digits_of_the_folded_text(text: str) -> None:
    folded = unicodedata.normalize("NFKD", text.casefold())
    assert key_of(text) == "".join(ch for ch in folded if ch.isalnum())


_HEADERS = st.lists(st.one_of(_NEAR_NAMES, st.sampled_from(
    ["", "  ", "Customer name", "customer id", "Customer ID", "Segment", "Email", "Favourite"])),
    max_size=12)


@given(_HEADERS, st.booleans())
def test_the_mapping_findings_follow_the_files_columns(headers: list[str], usable: bool) -> None:
    """Unknown columns' findings are made together, the others one at a time: merged,
    they are in the file's column order (a column's own in the order it gets them),
    then the missing columns and whether the file has anything to import."""
    mapping = map_headers(headers, DEFS)
    findings = mapping_findings(mapping, DEFS, usable=usable)
    placed = findings[POSITION].notna().to_numpy(dtype=bool)
    assert placed.tolist() == sorted(placed.tolist(), reverse=True)  # the columns' first
    positions = findings[POSITION][placed].tolist()
    assert positions == sorted(positions)
    assert findings.index.equals(pd.RangeIndex(len(findings)))
    unknown = findings[findings["rule"] == "unknown_column"]
    assert unknown[POSITION].tolist() == [column.position for column in mapping.columns
                                          if column.match is Match.UNKNOWN]


@given(st.lists(st.tuples(st.text(max_size=8), st.none() | st.text(max_size=8),
                          st.text(max_size=8)), max_size=6),
       st.sampled_from(["unknown_column", "header_alias", "synced_custom_field"]))
def test_findings_of_many_headers_are_those_made_one_at_a_time(
        rows: list[tuple[str, str | None, str]], rule: str) -> None:
    headers = [header for header, _fix, _detail in rows]
    fixes = [fix for _header, fix, _detail in rows]
    details = [detail for _header, _fix, detail in rows]
    together = headers_findings(rule, headers, range(len(rows)), fixes, details)
    one_at_a_time = findings_frame(
        finding(rule, column=header, fix=fix, detail=detail, position=at)
        for at, (header, fix, detail) in enumerate(rows))
    pd.testing.assert_frame_equal(together, one_at_a_time)
