"""Fuzzing the header mapping: any headers, any user overrides, any organization's
custom fields. The mapping must stay consistent (one column per header, each target
at most once, every match kind meaning what it says) and its findings well formed.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from checks.definitions.document import CustomField, Definitions, FieldType, Managed, SourceSystem
from checks.map.headers import IGNORE, Match, header_key, map_headers, mapping_findings
from checks.model.columns import COLUMNS_BY_NAME, MANDATORY
from checks.model.findings import FRAME_COLUMNS
from checks.model.rules import RULES
from tests.fuzz.budget import examples
from tests.helpers import DEFS
from tests.strategies import KNOWN_HEADERS, cell_texts, headers

_NAMES = st.one_of(st.sampled_from(KNOWN_HEADERS), cell_texts(max_pieces=2),
                   st.sampled_from(["🚩", "—", "...", "Segment ", "segment", "Customer name"]))


@st.composite
def _definitions(draw: st.DrawFn) -> Definitions:
    """The demo organization, or one with any custom fields whose names pass the
    definitions' own check (non-empty once stripped), colliding with Upflow's names
    or each other's keys as they please."""
    if draw(st.booleans()):
        return DEFS
    names = draw(st.lists(_NAMES.filter(lambda name: name.strip() != ""), max_size=6,
                          unique=True))
    fields = tuple(CustomField(name, draw(st.sampled_from(list(FieldType))),
                               ("a", "b"), draw(st.sampled_from(list(Managed))))
                   for name in names)
    return Definitions("Fuzz", draw(st.sampled_from(list(SourceSystem))), fields)


_TARGETS = st.one_of(st.just(IGNORE), st.sampled_from(KNOWN_HEADERS), st.text(max_size=6))


@examples(under_ci=150)
@example(header_list=["", ";"], definitions=Definitions(
    "Fuzz", SourceSystem.API, (CustomField(";", FieldType.TEXT),)), overrides={})
@given(header_list=st.lists(headers(), max_size=14), definitions=_definitions(),
       overrides=st.dictionaries(st.integers(-2, 16), _TARGETS, max_size=4))
def test_any_headers_map_consistently(header_list: list[str], definitions: Definitions,
                                      overrides: dict[int, str]) -> None:
    mapping = map_headers(header_list, definitions, overrides)
    names = set(COLUMNS_BY_NAME) | {field.name for field in definitions.custom_fields}

    assert [column.position for column in mapping.columns] == list(range(len(header_list)))
    assert [column.header for column in mapping.columns] == header_list
    active = [column.target for column in mapping.active]
    assert len(active) == len(set(active)), "a target is checked at most once"
    earlier: set[str] = set()
    for column in mapping.columns:
        chosen = overrides.get(column.position)
        assert (column.match is Match.IGNORED) == (chosen == IGNORE)
        if chosen is not None and chosen != IGNORE and chosen in names:
            assert column.target == chosen
            assert column.match in (Match.USER, Match.DUPLICATE)
        if column.match is Match.USER:
            assert chosen == column.target
        if column.match in (Match.UNKNOWN, Match.IGNORED):
            assert column.target is None
        else:
            assert column.target in names
        if column.match is Match.EXACT:
            assert column.header == column.target
        if column.match is Match.TOLERANT:
            assert header_key(column.header) != "", "nothing to compare: no tolerant match"
        if column.match is Match.DUPLICATE:
            assert column.target in earlier
        if column.match is Match.UNKNOWN and column.suggestion is not None:
            assert column.suggestion in names
        if column.is_active:
            earlier.add(column.target or "")
    assert map_headers(header_list, definitions, overrides) == mapping

    findings = mapping_findings(mapping, definitions)
    assert list(findings.columns) == list(FRAME_COLUMNS)  # RULES.md's, then position
    assert findings["rule"].isin(list(RULES)).all()
    assert (findings["severity"] == findings["rule"].map(
        lambda rule: RULES[rule].severity.value)).all()
    mandatory = {name for section in MANDATORY.values() for name in section}
    named = findings["column"].notna()
    assert set(findings.loc[named, "column"]) <= set(header_list) | mandatory
    # The one finding about no column: nothing to import, exactly when the file has
    # headers but no import section.
    nothing = [] if mapping.sections or not header_list else ["no_import_columns"]
    assert findings.loc[~named, "rule"].tolist() == nothing
    assert findings["row"].isna().all()
