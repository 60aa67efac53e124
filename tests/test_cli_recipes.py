"""Import recipes on the command line: `--map`, `--ignore`, `--leave-out`, `--recipe` on
check, fix and match, `--save-recipe`, the options that win over a recipe, and one
line on stderr with exit status 2 for a recipe or an option that cannot be used."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checks.cli.main import main
from checks.recipe import recipes_from_yaml

ROOT = Path(__file__).parents[1]
FRENCH = ROOT / "samples" / "clients_fr_export.csv"


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(arg) for arg in argv], out, err)
    return status, out.getvalue(), err.getvalue()


def check_json(*argv: str | Path) -> dict:
    status, out, err = run("check", *argv, "--format", "json")
    assert status in (0, 1) and err == "", err
    return json.loads(out)


def rules_of(report: dict, column: str) -> set[str]:
    return {f["rule"] for f in report["findings"] if f["column"] == column}


def one_line_error(status: int, out: str, err: str) -> str:
    assert (status, out) == (2, ""), (status, out, err)
    assert err.startswith("preflight: ") and err.count("\n") == 1, err
    return err


# ── --map and --ignore ──────────────────────────────────────────────────────────────

def test_map_reads_a_column_as_another_target(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Libellé tiers;Code client\nAcme;000123\n", encoding="utf-8")
    before = check_json(path)
    assert "unknown_column" in rules_of(before, "Libellé tiers")
    after = check_json(path, "--map", "libelle tiers=Customer name")
    assert rules_of(after, "Libellé tiers") == set()
    assert after["summary"]["errors"] == 0


def test_ignore_leaves_columns_out_by_header_or_letter() -> None:
    before = check_json(FRENCH)
    assert rules_of(before, "Direct debit") and rules_of(before, "Credit limit")
    after = check_json(FRENCH, "--ignore", "direct debit", "--ignore", "I")
    assert rules_of(after, "Direct debit") == rules_of(after, "Credit limit") == set()


def test_fix_leaves_a_column_ignored_on_the_command_line_out_as_the_app_does(
        tmp_path: Path) -> None:
    out = tmp_path / "fixed.csv"
    status, _, err = run("fix", FRENCH, "--out", out, "--keep-headers", "--ignore", "Ville")
    assert err == "" and status in (0, 1)
    header = out.read_bytes().decode("utf-8").splitlines()[0]
    assert header.startswith("Nom du client;Code client;") and "Ville" not in header
    kept = tmp_path / "kept.csv"
    run("fix", FRENCH, "--out", kept, "--keep-headers")
    assert "Ville" in kept.read_bytes().decode("utf-8").splitlines()[0]


@pytest.mark.parametrize("options, says", [
    (["--map", "Ville"], "--map takes HEADER=TARGET, not 'Ville'"),
    (["--map", "Pays=Country"], "the file has no column 'Pays'"),
    (["--map", "Ville=Planet"], "'Planet' is not an Upflow column or a custom field of "
                                "Northwind Trading"),
    (["--ignore", "Z"], "the file has no column Z"),
])
def test_a_column_option_that_cannot_be_used_is_one_line(options: list[str], says: str) -> None:
    err = one_line_error(*run("check", FRENCH, *options))
    assert err.startswith("preflight: The column options cannot be used: ")
    assert says in err


# ── --save-recipe and --recipe ──────────────────────────────────────────────────────

def test_a_recipe_saved_from_options_gives_the_same_check(tmp_path: Path) -> None:
    recipe = tmp_path / "weekly.yaml"
    options = ["--map", "Numéro de TVA=Segment", "--ignore", "Segment", "--day-first"]
    chosen = check_json(FRENCH, *options, "--save-recipe", recipe)
    (saved,) = recipes_from_yaml(recipe.read_bytes(), "weekly.yaml")
    assert saved.name == "clients_fr_export" and saved.organization == "Northwind Trading"
    assert saved.columns == ((2, "Segment"), (6, ""))
    assert saved.header_row is None, "the header was found automatically: left to detection"
    assert check_json(FRENCH, "--recipe", recipe) == chosen
    status, out, _ = run("check", FRENCH, "--recipe", recipe)
    assert out.startswith("Using the recipe 'clients_fr_export' saved on ")


def test_options_given_win_over_the_recipe(tmp_path: Path) -> None:
    recipe = tmp_path / "weekly.yaml"
    run("check", FRENCH, "--day-first", "--ignore", "Contract end", "--save-recipe", recipe)
    day_first = check_json(FRENCH, "--recipe", recipe)
    assert rules_of(day_first, "Contract end") == set()
    overridden = check_json(FRENCH, "--recipe", recipe, "--map", "Contract end=Contract end",
                            "--month-first")
    assert "date_format" in rules_of(overridden, "Contract end"), \
        "mapped again and read month first, 31/12/2026 is no date"
    err = one_line_error(*run("check", FRENCH, "--recipe", recipe, "--header-row", "1"))
    assert "does not fit this file: the file has no column 'Contract end'" in err, \
        "read from row 1 as asked, the file has none of the recipe's columns"
    dates_only = tmp_path / "dates.yaml"
    run("check", FRENCH, "--day-first", "--save-recipe", dates_only)
    assert check_json(FRENCH, "--recipe", dates_only, "--header-row", "1")["header_row"] == 1


def test_fix_follows_the_recipes_fixes_and_export(tmp_path: Path) -> None:
    recipe, first, second = tmp_path / "r.yaml", tmp_path / "a.csv", tmp_path / "b.csv"
    status, _, err = run("fix", FRENCH, "--out", first, "--day-first", "--skip", "numbers",
                         "--bom", "--line-ending", "lf", "--keep-headers", "--leave-out",
                         "Numéro de TVA", "--sep", ",", "--save-recipe", recipe)
    assert err == "" and status in (0, 1)
    (saved,) = recipes_from_yaml(recipe.read_bytes(), "r.yaml")
    assert saved.fixes_off == {"numbers"} and saved.export.bom and saved.export.keep_headers
    status, out, err = run("fix", FRENCH, "--out", second, "--recipe", recipe)
    assert err == "" and out.startswith("Using the recipe ")
    written = second.read_bytes()
    assert written == first.read_bytes()
    assert written.startswith(b"\xef\xbb\xbfNom du client,Code client,Ville,")
    assert b"\r\n" not in written and "Numéro".encode() not in written
    assert b"1 234,56" in written, "numbers were switched off"
    third = tmp_path / "c.csv"
    run("fix", FRENCH, "--out", third, "--recipe", recipe, "--no-bom", "--sep", ";")
    assert third.read_bytes().startswith(b"Nom du client;Code client;")


def test_saving_into_the_recipe_file_keeps_its_other_recipes(tmp_path: Path) -> None:
    recipes = tmp_path / "team.yaml"
    other = tmp_path / "other.csv"
    other.write_text("Customer name;Customer ID\nAcme;1\n", encoding="utf-8")
    run("check", other, "--save-recipe", recipes)
    kept = recipes.read_text(encoding="utf-8")
    run("check", FRENCH, "--ignore", "Segment", "--save-recipe", tmp_path / "fr.yaml")
    recipes.write_text("- " + kept.replace("\n", "\n  ").rstrip() + "\n- "
                       + (tmp_path / "fr.yaml").read_text(encoding="utf-8")
                       .replace("\n", "\n  ").rstrip() + "\n", encoding="utf-8")
    assert len(recipes_from_yaml(recipes.read_bytes(), "team.yaml")) == 2
    run("check", FRENCH, "--recipe", recipes, "--ignore", "Ville", "--save-recipe", recipes)
    found = recipes_from_yaml(recipes.read_bytes(), "team.yaml")
    assert [recipe.name for recipe in found] == ["other", "clients_fr_export"]
    assert found[1].columns == ((3, ""), (6, ""))


def test_a_recipe_made_for_other_files_is_one_line(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    run("check", FRENCH, "--save-recipe", recipe)
    other = tmp_path / "other.csv"
    other.write_text("Customer name;Customer ID\nAcme;1\n", encoding="utf-8")
    err = one_line_error(*run("check", other, "--recipe", recipe))
    assert ("was made for a file with other columns: this file has 'Customer name', "
            "'Customer ID' in addition; it lacks 'Nom du client'") in err


@pytest.mark.parametrize("content, says", [
    ("recipe_format: 1\norganization: N\nheaders: [a]\nseparator: ':'\n",
     "The recipe file {path} cannot be used: separator ':' is unknown"),
    ("not: [valid", "The recipe file {path} cannot be used: it is not valid YAML"),
    (None, "cannot open the recipe file '{path}'"),
])
def test_a_bad_recipe_file_is_one_line(tmp_path: Path, content: str | None, says: str) -> None:
    recipe = tmp_path / "bad.yaml"
    if content is not None:
        recipe.write_text(content, encoding="utf-8")
    for command in (["check", FRENCH], ["fix", FRENCH, "--out", tmp_path / "o.csv"]):
        err = one_line_error(*run(*command, "--recipe", recipe))
        assert says.format(path=recipe) in err
    assert not (tmp_path / "o.csv").exists()


def test_a_recipe_naming_a_deleted_custom_field_is_one_line(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    run("check", FRENCH, "--map", "Ville=Segment", "--save-recipe", recipe)
    recipe.write_text(recipe.read_text(encoding="utf-8").replace("Ville: Segment",
                                                                 "Ville: Old field"))
    err = one_line_error(*run("check", FRENCH, "--recipe", recipe))
    assert err == ("preflight: The recipe 'clients_fr_export' does not fit this file: 'Old "
                   "field' is not an Upflow column or a custom field of Northwind Trading.\n")


def test_save_recipe_never_overwrites_the_input(tmp_path: Path) -> None:
    err = one_line_error(*run("check", FRENCH, "--save-recipe", FRENCH))
    assert "is the input file" in err


# ── match --recipe ──────────────────────────────────────────────────────────────────

def test_match_reads_each_side_with_the_recipe_made_for_it(tmp_path: Path) -> None:
    """The right file's real header is on row 2 under a row that looks like one: only
    its recipe reads the identifier column."""
    left = tmp_path / "billing.csv"
    left.write_text("Customer ID|Customer name|NetSuite Id\nC-1|Acme|285\nC-2|Globex|1042\n",
                    encoding="utf-8")
    right = tmp_path / "salesforce.csv"
    right.write_text("Id;Name\nAccount Id;NetSuite Id\n001;285\n002;1042\n", encoding="utf-8")
    both = tmp_path / "both.yaml"
    run("check", left, "--sep", "|", "--save-recipe", tmp_path / "l.yaml")
    run("check", right, "--header-row", "2", "--save-recipe", tmp_path / "r.yaml")
    both.write_text("\n".join("- " + (tmp_path / name).read_text(encoding="utf-8")
                              .replace("\n", "\n  ").rstrip() for name in ("l.yaml", "r.yaml"))
                    + "\n", encoding="utf-8")
    columns = ["--left-column", "NetSuite Id", "--right-column", "NetSuite Id"]
    err = one_line_error(*run("match", left, right, *columns))
    assert "has no column 'NetSuite Id'" in err
    status, out, err = run("match", left, right, *columns, "--recipe", both)
    assert (status, err) == (0, "")
    assert out.endswith("Every identifier matches: ready to map customers in Upflow\n")


def test_match_with_recipes_for_neither_file_is_one_line(tmp_path: Path) -> None:
    recipe = tmp_path / "r.yaml"
    run("check", FRENCH, "--save-recipe", recipe)
    billing, salesforce = ROOT / "samples" / "billing_export.csv", ROOT / "samples" / \
        "salesforce_export.csv"
    err = one_line_error(*run("match", billing, salesforce, "--left-column", "NetSuite Id",
                              "--right-column", "NetSuite Id", "--recipe", recipe))
    assert f"None of the recipes in {recipe} was made for either file." in err
