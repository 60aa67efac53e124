"""Import recipes in the engine (`checks/recipe/`): the header signature a file is
recognised by, naming columns by header or letter, the YAML file (a round trip for
any recipe, and plain problems for a wrong one), and a recipe applied to a file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import CheckOptions, DateOrder, ExportOptions, UsageError, demo_definitions, read_table
from checks.fix.fixes import FIXES_BY_NAME
from checks.model.separators import INPUT_SEPARATORS, SEPARATORS
from checks.recipe import (
    IGNORE,
    ExportChoices,
    HeaderIndex,
    Recipe,
    RecipeSettings,
    column_ref,
    header_signature,
    make_recipe,
    matching_recipe,
    recipe_for,
    recipes_from_yaml,
    recipes_to_yaml,
    settings_for,
    target_named,
)
from tests.strategies import CELL_CHARS

SAMPLE = "samples/clients_fr_export.csv"
FRENCH = ("Nom du client", "Code client", "Numéro de TVA", "Ville", "Responsable de compte",
          "Scénario de relance", "Segment", "Contract end", "Credit limit", "Direct debit")


def recipe(**changes: object) -> Recipe:
    values: dict[str, object] = {"organization": "Northwind Trading",
                                 "signature": header_signature(FRENCH), "headers": FRENCH,
                                 "name": "Weekly billing export"}
    values.update(changes)
    return Recipe(**values)  # type: ignore[arg-type]


# ── the header signature ────────────────────────────────────────────────────────────

def test_the_signature_ignores_case_spaces_accents_and_punctuation() -> None:
    same = ("NOM DU CLIENT ", " code  client", "Numero de TVA", "ville", "Responsable-de-compte",
            "Scenario de relance", "segment", "CONTRACT END", "credit limit", "Direct debit")
    assert header_signature(same) == header_signature(FRENCH)


@given(st.lists(st.text(CELL_CHARS, max_size=10), min_size=1, max_size=8), st.data())
def test_any_change_of_case_or_surrounding_spaces_keeps_the_signature(
        headers: list[str], data: st.DataObject) -> None:
    spaces = st.sampled_from(("", " ", "  ", "\u00a0", "\t"))
    changed = [data.draw(spaces) + (header.upper() if data.draw(st.booleans()) else
                                    header.lower()) + data.draw(spaces) for header in headers]
    assert header_signature(changed) == header_signature(headers)


def test_the_signature_ignores_empty_columns_at_the_end() -> None:
    assert header_signature((*FRENCH, "", " ")) == header_signature(FRENCH)


def test_the_signature_tells_other_files_apart() -> None:
    signature = header_signature(FRENCH)
    assert header_signature(FRENCH[:-1]) != signature, "a column less"
    assert header_signature((*FRENCH, "Notes")) != signature, "a column more"
    assert header_signature((FRENCH[1], FRENCH[0], *FRENCH[2:])) != signature, "the order counts"
    assert header_signature(("", *FRENCH)) != signature, "an empty column in front counts"
    assert len(signature) == 16 and int(signature, 16) >= 0


# ── naming columns ──────────────────────────────────────────────────────────────────

def test_a_column_is_found_by_header_then_the_tolerant_way_then_by_letter() -> None:
    index = HeaderIndex(("Email", "Nom", "email ", "", "B"))
    assert index.position("Nom") == 1
    assert index.position("NOM") == 1
    assert index.position("B") == 4, "a header wins over the letter it looks like"
    assert index.position("[B]") == 1, "a bracketed letter is always a letter"
    assert index.position("D") == 3
    assert index.position("email ") == 2, "written exactly, the header names one column"
    with pytest.raises(UsageError, match=r"'EMAIL' is the header of several columns \(A, C\)"):
        index.position("EMAIL")
    with pytest.raises(UsageError, match="the file has no column 'Phone'"):
        index.position("Phone")
    with pytest.raises(UsageError, match="the file has no column F"):
        index.position("F")


def test_a_repeated_or_empty_header_is_named_by_its_letter() -> None:
    index = HeaderIndex(("Email", "Email", "", "C", "Ville"))
    assert [column_ref(index, position) for position in range(5)] == [
        "A", "B", "[C]", "C", "Ville"]


headers_strategy = st.lists(st.one_of(st.sampled_from(("Email", "email", "", "A", "B", "[A]",
                                                      "Nom du client", "NOM DU CLIENT ")),
                                      st.text(CELL_CHARS, max_size=6)), min_size=1, max_size=8)


@given(headers_strategy, st.data())
def test_the_name_written_for_a_column_finds_that_column(headers: list[str],
                                                         data: st.DataObject) -> None:
    index = HeaderIndex(headers)
    position = data.draw(st.integers(0, len(headers) - 1))
    assert index.position(column_ref(index, position)) == position


# ── the YAML file ───────────────────────────────────────────────────────────────────

@st.composite
def recipes(draw: st.DrawFn) -> Recipe:
    headers = tuple(draw(headers_strategy))
    positions = st.integers(0, len(headers) - 1)
    targets = st.one_of(st.just(IGNORE), st.sampled_from(("Customer name", "Town", "Segment")),
                        st.text(CELL_CHARS, min_size=1, max_size=8))
    saved_at = draw(st.one_of(st.none(), st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
        timezones=st.just(UTC))))
    text = st.text(CELL_CHARS, max_size=12)
    return Recipe(
        organization=draw(st.text(CELL_CHARS, min_size=1, max_size=12)),
        signature=header_signature(headers), headers=headers, name=draw(text),
        sheet=draw(st.one_of(st.none(), st.text(CELL_CHARS, min_size=1, max_size=8))),
        header_row=draw(st.one_of(st.none(), st.integers(1, 10_000))),
        separator=draw(st.one_of(st.none(), st.sampled_from(INPUT_SEPARATORS))),
        date_order=draw(st.sampled_from(DateOrder)),
        columns=tuple(sorted(draw(st.dictionaries(positions, targets)).items())),
        fixes_off=frozenset(draw(st.sets(st.sampled_from(tuple(FIXES_BY_NAME))))),
        export=ExportChoices(separator=draw(st.one_of(st.none(), st.sampled_from(SEPARATORS))),
                             line_ending=draw(st.sampled_from(("\r\n", "\n"))),
                             bom=draw(st.booleans()), keep_headers=draw(st.booleans()),
                             leave_out=frozenset(draw(st.sets(positions)))),
        saved_at=saved_at, saved_by=draw(st.one_of(st.none(),
                                                   st.text(CELL_CHARS, min_size=1, max_size=8))))


@given(st.lists(recipes(), min_size=1, max_size=3))
def test_any_recipes_come_back_from_their_yaml_as_they_were(made: list[Recipe]) -> None:
    assert recipes_from_yaml(recipes_to_yaml(made), "recipes.yaml") == tuple(made)
    assert recipes_from_yaml(recipes_to_yaml(made).encode("utf-8"), "recipes.yaml") == tuple(made)


def test_the_yaml_names_columns_by_header_and_leaves_defaults_out() -> None:
    made = recipe(header_row=3, separator=";", date_order=DateOrder.DAY_FIRST,
                  columns=((3, "Town"), (6, IGNORE)), fixes_off=frozenset({"numbers"}),
                  export=ExportChoices(separator=",", bom=True, leave_out=frozenset({2})),
                  saved_at=datetime(2026, 12, 3, 9, 30, tzinfo=UTC), saved_by="Marie")
    text = recipes_to_yaml([made])
    assert text.startswith("recipe_format: 1\nname: Weekly billing export\n")
    for line in ("header_row: 3", "separator: ;", "dates: day_first", "columns:\n  Ville: Town",
                 "ignore:\n- Segment", "fixes_off:\n- numbers", "leave_out:\n  - Numéro de TVA",
                 "bom: true", "line_ending: crlf", "saved_at: '2026-12-03T09:30:00+00:00'",
                 "saved_by: Marie"):
        assert line in text, line
    assert "sheet" not in text, "a choice left to the automatic reading is left out"
    assert recipes_from_yaml(text, "r.yaml") == (made,)


def test_a_hand_written_recipe_needs_only_its_headers() -> None:
    text = ("recipe_format: 1\norganization: Northwind Trading\nheaders: [Nom, Ville, Notes]\n"
            "columns: {nom: Customer name}\nignore: [C]\nseparator: tab\n")
    (found,) = recipes_from_yaml(text, "hand.yaml")
    assert found.signature == header_signature(("Nom", "Ville", "Notes"))
    assert found.columns == ((0, "Customer name"), (2, IGNORE))
    assert found.separator == "\t" and found.name == ""
    assert found.export == ExportChoices()


@pytest.mark.parametrize("text, problems", [
    ("organization: X\nheaders: [a]\n", ["'recipe_format' must be 1"]),
    ("recipe_format: 2\norganization: X\nheaders: [a]\n",
     ["it was made by a newer Preflight (recipe_format 2); update Preflight to use it"]),
    ("recipe_format: 1\nheaders: [a]\n", ["'organization' must be a text"]),
    ("recipe_format: 1\norganization: X\n", ["'headers' must list the file's headers"]),
    ("recipe_format: 1\norganization: X\nheaders: [a, b]\ncolumns: {c: Town}\nignore: [b, b]\n"
     "separator: ':'\ndates: sometimes\nfixes_off: [spelling]\nheader_row: 0\ncolour: red\n"
     "export: {separator: tab, line_ending: mac, bom: maybe, leave_out: [z]}\n",
     ["unknown key 'colour'", "the file has no column 'c'", "the column 'b' is given twice",
      "separator ':' is unknown (use one of: ;, ,, |, tab)",
      "dates 'sometimes' is unknown (use one of: day_first, month_first, never_guess)",
      "unknown fix spelling (choose from: whitespace, lowercase_emails, numbers, dates, "
      "booleans, options, workflows, positions, main_contact)",
      "'header_row' must be a row number (1 or more)",
      "the file has no column 'z'", "line_ending 'mac' is unknown (use one of: crlf, lf)",
      "separator 'tab' is unknown (use one of: ;, ,, |)", "'bom' must be true or false"]),
    ("[1, {recipe_format: 1, organization: X, headers: [a], ignore: [q]}]",
     ["recipe 1: a recipe must be a mapping with 'organization' and 'headers' keys",
      "recipe 2: the file has no column 'q'"]),
    ("recipe_format: [1\n", ["it is not valid YAML at line 2"]),
    ("[]", ["it holds no recipe"]),
])
def test_a_wrong_recipe_file_lists_every_problem_in_one_line(text: str,
                                                             problems: list[str]) -> None:
    with pytest.raises(UsageError) as caught:
        recipes_from_yaml(text, "weekly.yaml")
    message = caught.value.message
    assert message.startswith("The recipe file weekly.yaml cannot be used: ")
    assert "\n" not in message
    for problem in problems:
        assert problem in message, (problem, message)


def test_a_recipe_file_that_is_not_text_or_too_large_is_refused() -> None:
    with pytest.raises(UsageError, match="it is not UTF-8 text"):
        recipes_from_yaml(b"\xff\xfe\x00bad", "r.yaml")
    with pytest.raises(UsageError, match="larger than a recipe can be"):
        recipes_from_yaml("#" * (1024 * 1024 + 1), "r.yaml")


# ── applying a recipe ───────────────────────────────────────────────────────────────

def test_a_recipe_applies_as_positions_options_fixes_and_export() -> None:
    made = recipe(date_order=DateOrder.DAY_FIRST, columns=((3, "Town"), (6, IGNORE)),
                  fixes_off=frozenset({"numbers"}),
                  export=ExportChoices(separator=",", line_ending="\n", bom=True,
                                       keep_headers=True, leave_out=frozenset({2})))
    settings = settings_for(made, FRENCH, demo_definitions())
    assert settings == RecipeSettings(
        overrides=((3, "Town"), (6, IGNORE)), options=CheckOptions(DateOrder.DAY_FIRST),
        fixes_off=frozenset({"numbers"}),
        export=ExportOptions(separator=",", bom=True, line_ending="\n", canonical_headers=False,
                             leave_out=frozenset({2})))


def test_a_file_whose_headers_moved_gets_its_columns_found_again_by_header() -> None:
    made = recipe(columns=((3, "Town"),), export=ExportChoices(leave_out=frozenset({2})))
    moved = ("VILLE", *FRENCH[:3], *FRENCH[4:])
    settings = settings_for(made, moved, demo_definitions())
    assert settings.overrides == ((0, "Town"),)
    assert settings.export.leave_out == frozenset({3})


def test_a_recipe_that_does_not_fit_the_file_says_every_reason_and_applies_nothing() -> None:
    made = recipe(columns=((3, "Town"), (6, "Deleted field")))
    with pytest.raises(UsageError) as caught:
        settings_for(made, FRENCH[:3], demo_definitions())
    assert caught.value.message == (
        "The recipe 'Weekly billing export' does not fit this file: the file has no column "
        "'Ville'; the file has no column 'Segment'; 'Deleted field' is not an Upflow column or "
        "a custom field of Northwind Trading.")


def test_targets_are_found_by_name_alias_or_the_tolerant_way() -> None:
    definitions = demo_definitions()
    assert target_named("Customer name", definitions) == "Customer name"
    assert target_named("nom du client", definitions) == "Customer name"
    assert target_named("SEGMENT", definitions) == "Segment"
    assert target_named("Nothing like it", definitions) is None
    assert target_named("?", definitions) is None


@given(st.data())
def test_a_recipe_made_from_settings_gives_them_back(data: st.DataObject) -> None:
    positions = st.integers(0, len(FRENCH) - 1)
    targets = st.one_of(st.just(IGNORE), st.sampled_from(("Customer name", "Town", "Segment")))
    settings = RecipeSettings(
        overrides=tuple(sorted(data.draw(st.dictionaries(positions, targets)).items())),
        options=CheckOptions(data.draw(st.sampled_from(DateOrder))),
        fixes_off=frozenset(data.draw(st.sets(st.sampled_from(tuple(FIXES_BY_NAME))))),
        export=ExportOptions(separator=data.draw(st.one_of(st.none(), st.sampled_from(",|"))),
                             bom=data.draw(st.booleans()),
                             line_ending=data.draw(st.sampled_from(("\r\n", "\n"))),
                             canonical_headers=data.draw(st.booleans()),
                             leave_out=frozenset(data.draw(st.sets(positions)))))
    made = make_recipe(settings, organization="Northwind Trading", signature="x",
                       headers=FRENCH, own_separator=";")
    assert settings_for(made, FRENCH, demo_definitions()) == settings


def test_the_files_own_separator_is_kept_as_the_files_own() -> None:
    settings = RecipeSettings(export=ExportOptions(separator=";"))
    made = make_recipe(settings, organization="N", signature="x", headers=FRENCH,
                       own_separator=";")
    assert made.export.separator is None


def test_each_file_gets_the_recipe_made_for_its_headers() -> None:
    other = ("Customer name", "Customer ID")
    billing, salesforce = recipe(name="billing"), recipe(
        name="salesforce", headers=other, signature=header_signature(other))
    assert recipe_for([billing, salesforce], header_signature(other)) is salesforce
    assert recipe_for([billing, salesforce], header_signature(("x",))) is None
    assert matching_recipe([billing, salesforce], FRENCH, "both.yaml") is billing
    with pytest.raises(UsageError, match=r"None of the 2 recipes in both.yaml was made for a "
                                         r"file with these columns \('x'\)"):
        matching_recipe([billing, salesforce], ("x",), "both.yaml")


def test_a_single_recipe_says_how_the_file_differs() -> None:
    with pytest.raises(UsageError) as caught:
        matching_recipe([recipe()], (*FRENCH[:-1], "Notes"), "weekly.yaml")
    assert caught.value.message == (
        "The recipe 'Weekly billing export' in weekly.yaml was made for a file with other "
        "columns: this file has 'Notes' in addition; it lacks 'Direct debit'.")


def test_the_signature_is_of_the_file_as_read_automatically() -> None:
    """The sample's title line is skipped: its headers are the ones on row 3."""
    definitions = demo_definitions()
    with open(SAMPLE, "rb") as sample:
        table = read_table(sample.read(), "clients_fr_export.csv",
                           custom_fields=[field.name for field in definitions.custom_fields])
    assert table.headers == FRENCH and table.header_row == 3
    assert header_signature(table.headers) == header_signature(FRENCH)


def test_comparing_choices_leaves_out_name_and_when_and_who() -> None:
    first = recipe(saved_at=datetime.now(UTC), saved_by="Marie")
    later = recipe(name="Renamed", saved_at=datetime.now(UTC) + timedelta(days=7))
    assert first != later and first.choices() == later.choices()
    assert recipe(columns=((0, IGNORE),)).choices() != first.choices()
