"""Fuzzing the definitions loader: any text, bytes or loaded structure either gives
Definitions or raises DefinitionsError (the CLI prints its message in one line and
exits 2; the Definitions page shows it) — never any other exception. What loads
survives its own YAML and JSON export unchanged.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from checks.cli.main import EXIT_UNUSABLE, main
from checks.definitions.document import (
    Definitions,
    definitions_from_dict,
    load_definitions,
    parse_definitions,
)
from checks.model.errors import DefinitionsError
from tests.fuzz.budget import examples
from tests.strategies import ANY_DOCUMENT, DEFINITIONS_LIKE, YAMLISH_TEXT

SAMPLE = Path(__file__).parent.parent / "samples" / "customers_clean.csv"


def loads_or_refuses(load: object, *args: object) -> Definitions | None:
    """The loaded definitions, or None when refused with a DefinitionsError whose
    message a person can read (one line, names its problems)."""
    try:
        definitions = load(*args)  # type: ignore[operator]
    except DefinitionsError as problem:
        assert problem.problems, "a refusal says why"
        assert problem.message.startswith("The ") and " are not valid: " in problem.message
        return None
    assert isinstance(definitions, Definitions)
    assert definitions.organization == definitions.organization.strip() != ""
    return definitions


def assert_round_trips(definitions: Definitions) -> None:
    """Exported definitions (the page's download, the store's copy) load back equal."""
    assert parse_definitions(definitions.to_yaml()) == definitions
    assert parse_definitions(definitions.to_json()) == definitions


@examples(under_ci=150)
@given(text=YAMLISH_TEXT)
@example(text="organization: 2024-13-01")            # a date YAML reads, but no such day
@example(text="organization: x\nworkflows: [2024-02-30]")
@example(text="organization: x\nsource_system: 2001-12-14t21:59:43.10-99:00")
@example(text="[" * 3000)                            # deeper than Python's recursion limit
@example(text="organization: x\nworkflows: [" + "9" * 5000 + "]")  # int beyond str()'s limit
@example(text="organization: x\ncustom_fields:\n- {name: a, type: text, 1: b, c: d}")
@example(text="!!timestamp ")                        # PyYAML: AttributeError
@example(text="!!int ")                              # PyYAML: IndexError
@example(text="!!bool x")                            # PyYAML: KeyError
def test_any_yaml_text_loads_or_is_refused_plainly(text: str) -> None:
    definitions = loads_or_refuses(parse_definitions, text)
    if definitions is not None:
        assert_round_trips(definitions)


@examples(under_ci=60)
@given(data=st.one_of(st.binary(max_size=300),
                      st.tuples(YAMLISH_TEXT, st.sampled_from(["utf-8", "utf-8-sig",
                                                               "utf-16", "cp1252"]))
                      .map(lambda pair: pair[0].encode(pair[1], errors="replace"))))
def test_any_bytes_load_or_are_refused_plainly(data: bytes) -> None:
    loads_or_refuses(parse_definitions, data)


@examples(under_ci=150)
@given(document=st.one_of(ANY_DOCUMENT, DEFINITIONS_LIKE))
@example(document={"organization": "x", "custom_fields": [{"name": "a", "type": "text",
                                                             1: "b", "c": "d"}]})
@example(document={"organization": "x", "workflows": [10 ** 5000]})
@example(document={"organization": "x", "source_system": 10 ** 5000})
@example(document={10 ** 5000: "x"})
@example(document={"organization": "\x7f"})         # YAML refuses DEL, JSON writes it
@example(document={"organization": "0\x850"})       # NEL came back from YAML as a space
def test_any_structure_loads_or_is_refused_plainly(document: object) -> None:
    definitions = loads_or_refuses(definitions_from_dict, document)
    if definitions is not None:
        assert_round_trips(definitions)


@examples(under_ci=80)
@given(document=DEFINITIONS_LIKE)
def test_definitions_like_documents_written_as_yaml_load_or_are_refused(
        document: dict[str, object]) -> None:
    """The same structures as real YAML text: dates, binary and non-text keys as YAML
    writes them."""
    loads_or_refuses(parse_definitions, yaml.safe_dump(document, allow_unicode=True))


@examples(under_ci=40)
@given(text=YAMLISH_TEXT)
@example(text="organization: 2024-13-01")
def test_the_cli_refuses_bad_definitions_in_one_line(text: str) -> None:
    """`preflight check --definitions FILE`: exit 2 with one line on stderr, or the
    check runs; no traceback either way."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "definitions.yaml"
        path.write_text(text, encoding="utf-8")
        expected = loads_or_refuses(load_definitions, path)
        status = main(["check", str(SAMPLE), "--definitions", str(path)], stdout, stderr)
    if expected is None:
        assert status == EXIT_UNUSABLE
        assert stdout.getvalue() == ""
        assert stderr.getvalue().startswith("preflight: The definitions in 'definitions.yaml'")
        assert stderr.getvalue().count("\n") == 1 and stderr.getvalue().endswith("\n")
    else:
        assert status in (0, 1)
        assert stderr.getvalue() == ""
        assert f"organization {expected.organization}" in stdout.getvalue()
