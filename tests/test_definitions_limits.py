"""The limits of a definitions document (`checks.definitions.bounds`): its size before
parsing, its YAML aliases, and the length of each list, each just under and just over;
and the closest-name index built in whole-list steps gives the names the tiers gave."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from checks.definitions import bounds
from checks.definitions.bounds import expanded_values
from checks.definitions.document import load_definitions, parse_definitions
from checks.i18n import use_language
from checks.model.errors import DefinitionsError
from checks.model.limits import MAX_DEFINITIONS_BYTES, MAX_DEFINITIONS_VALUES
from checks.text.closest import ClosestName
from checks.text.vectorised import key_of


def padded(size: int) -> bytes:
    """A valid document of exactly `size` bytes (the rest is a YAML comment)."""
    head = b"organization: Acme\n#"
    return head + b"x" * (size - len(head))


def refusal(text: str | bytes) -> str:
    with pytest.raises(DefinitionsError) as refused:
        parse_definitions(text)
    return refused.value.message


def test_a_document_at_the_size_limit_is_read() -> None:
    assert parse_definitions(padded(MAX_DEFINITIONS_BYTES)).organization == "Acme"


def test_a_document_one_byte_over_the_limit_is_refused_unparsed() -> None:
    message = refusal(padded(MAX_DEFINITIONS_BYTES + 1) + b"\n: : not yaml [")
    assert "the document is 5.1 MB; Preflight reads definitions documents of at most " \
           "5.0 MB" in message
    # A text is measured in UTF-8 bytes, not characters.
    assert "at most 5.0 MB" in refusal("organization: Acme\n#" + "é" * (MAX_DEFINITIONS_BYTES // 2))


def test_a_file_over_the_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)

    def never(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(DefinitionsError) as refused:
        load_definitions(path)
    assert refused.value.message == (
        "The definitions in 'huge.yaml' are not valid: the document is 50.0 MB; "
        "Preflight reads definitions documents of at most 5.0 MB.")


BOMB = "organization: Acme\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 10)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True))


def test_a_yaml_alias_bomb_is_refused() -> None:
    assert "more than 2,000,000 values" in refusal(BOMB)


def test_a_self_referencing_document_is_refused() -> None:
    assert "YAML anchors and aliases" in refusal("organization: Acme\nworkflows: &w [*w]\n")


def test_shared_options_within_the_limit_are_read() -> None:
    text = ("organization: Acme\ncustom_fields:\n"
            "  - {name: A, type: single_select, options: &o [North, South]}\n"
            "  - {name: B, type: multi_select, options: *o}\n")
    fields = parse_definitions(text).custom_fields
    assert [f.options for f in fields] == [("North", "South"), ("North", "South")]


def test_expanded_values_counts_each_shared_list_as_often_as_it_is_reached() -> None:
    shared = ["x"] * 10
    assert expanded_values({"a": [shared, shared]}, 1000) == 1 + 1 + 2 * 11
    document = yaml.safe_load(BOMB)
    assert expanded_values(document, MAX_DEFINITIONS_VALUES) > MAX_DEFINITIONS_VALUES


def _fields(count: int, options: int = 1) -> list[dict[str, object]]:
    return [{"name": f"F{i}", "type": "single_select",
             "options": [f"O{j}" for j in range(options)]} for i in range(count)]


#: key, the limit's name, a document of n items, what the refusal names.
COUNTED = (
    ("custom_fields", "MAX_CUSTOM_FIELDS", lambda n: {"custom_fields": _fields(n)},
     "custom fields"),
    ("options of a field", "MAX_OPTIONS_PER_FIELD",
     lambda n: {"custom_fields": _fields(1, n)}, "options for “F0”"),
    ("options in all", "MAX_OPTIONS", lambda n: {"custom_fields": _fields(n, 1)},
     "options in all"),
    ("members", "MAX_MEMBERS",
     lambda n: {"members": [{"email": f"m{i}@acme.example"} for i in range(n)]}, "members"),
    ("roles", "MAX_ROLES",
     lambda n: {"members": [{"email": "m@acme.example", "roles": [f"r{i}" for i in range(n)]}]},
     "member “m@acme.example”"),
    ("workflows", "MAX_WORKFLOWS", lambda n: {"workflows": [f"W{i}" for i in range(n)]},
     "workflows"),
    ("customers", "MAX_KNOWN_CUSTOMERS",
     lambda n: {"customers": [{"id": f"C{i}"} for i in range(n)]}, "known customers"),
    ("positions", "MAX_POSITIONS", lambda n: {"positions": [f"P{i}" for i in range(n)]},
     "contact positions"),
)


@pytest.mark.parametrize(("what", "limit", "build", "named"), COUNTED,
                         ids=[case[0] for case in COUNTED])
def test_each_count_limit_just_under_and_just_over(
        monkeypatch: pytest.MonkeyPatch, what: str, limit: str, build, named: str) -> None:
    monkeypatch.setattr(bounds, limit, 3)
    if limit == "MAX_OPTIONS":
        monkeypatch.setattr(bounds, "MAX_CUSTOM_FIELDS", 10)
    at_limit = parse_definitions(yaml.safe_dump({"organization": "Acme", **build(3)}))
    assert at_limit.organization == "Acme"
    message = refusal(yaml.safe_dump({"organization": "Acme", **build(4)}))
    assert named in message and "4" in message and "Preflight accepts at most 3" in message


def test_the_refusal_in_french() -> None:
    document = yaml.safe_dump({"organization": "Acme", "custom_fields": _fields(1, 4)})
    with use_language("fr"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounds, "MAX_OPTIONS_PER_FIELD", 3)
        message = refusal(document)
        big = refusal(padded(MAX_DEFINITIONS_BYTES + 1))
    assert "elles comptent 4 options pour «\u00a0F0\u00a0»\u00a0; Preflight en accepte 3 " \
           "au plus par champ" in message
    assert big == ("Les définitions ne sont pas valides\u00a0: le document fait 5,1 Mo\u00a0; "
                   "Preflight lit des documents de définitions de 5,0 Mo au plus.")


# ── the closest name: whole-list keys give what the one-name keys gave ─────────


def _reference(names: list[str], text: str) -> str | None:
    """RULES.md's tiers, name by name, as `ClosestName` computed them before."""
    def space_accent(value: str) -> str:
        folded = unicodedata.normalize("NFKD", value.casefold())
        return "".join(c for c in folded if not c.isspace() and not unicodedata.combining(c))

    for key in (str.casefold, space_accent, key_of):
        wanted = key(text) if text else ""
        found = [name for name in dict.fromkeys(names) if key(name) and key(name) == wanted]
        if found:
            return found[0] if len(found) == 1 else None
    return None


NAME = st.text(st.sampled_from("aAbBéÉeE ß-–.İı\u0301\u00a01"), max_size=5)


@given(st.lists(NAME, max_size=8), NAME)
def test_closest_name_matches_the_tiers_name_by_name(names: list[str], text: str) -> None:
    assert ClosestName.of(names).get(text) == _reference(names, text)
