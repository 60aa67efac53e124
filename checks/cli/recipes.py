"""`--recipe`, `--map`, `--ignore`, `--leave-out` and `--save-recipe`: import recipes on
the command line (README, "Import recipes").

A recipe file holds one recipe or several; each input file uses the one made for its
headers as the automatic reading finds them (`checks.recipe`), the same way the app
picks a recipe from the team's store. The recipe is applied by the engine's one
function (`checks.recipe.settings_for`), so a recipe gives the same corrected file
here and in the app; the options given on the command line then win over it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.check.cells.base import CheckOptions, DateOrder
from checks.cli.inputs import SEPARATORS, field_names, read_input, refuse_unreadable
from checks.cli.outputs import refuse_overwriting_input, write_bytes
from checks.definitions.document import Definitions
from checks.export.csv import ExportOptions, default_separator
from checks.fix.fixes import fix_names
from checks.i18n import _
from checks.model.errors import UsageError, problem_list
from checks.model.table import Table
from checks.recipe import (
    IGNORE,
    MAX_RECIPE_BYTES,
    HeaderIndex,
    Recipe,
    RecipeSettings,
    header_signature,
    make_recipe,
    matching_recipe,
    recipe_for,
    recipes_from_yaml,
    recipes_to_yaml,
    settings_for,
    target_named,
)
from checks.text.terminal import printable_lines

_LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}


@dataclass(frozen=True)
class Reading:
    """How a file is read: None is "detect it" for each."""

    sheet: str | None = None
    separator: str | None = None
    header_row: int | None = None


@dataclass(frozen=True)
class Prepared:
    """An input file read and the settings to check, fix and write it with."""

    table: Table
    settings: RecipeSettings
    reading: Reading
    recipe: Recipe | None = None       # the recipe used, if any
    signature: str | None = None       # of the automatic reading, when it was needed


def load_recipes(path: str) -> tuple[Recipe, ...]:
    """Every recipe of a recipe file; UsageError (one line) when it cannot be used."""
    try:
        if Path(path).stat().st_size > MAX_RECIPE_BYTES:
            raise UsageError(_("The recipe file {source} cannot be used: it is larger than "
                               "a recipe can be (1 MB).").format(source=path))
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(_("cannot open the recipe file '{file}': {reason}").format(
            file=path, reason=reason)) from exc
    return recipes_from_yaml(data, path)


def read_with_recipe(path: str, recipes: tuple[Recipe, ...], source: str | None, *,
                     sheet: str | None, separator: str | None, header_row: int | None,
                     max_size_mb: float, custom_fields: tuple[str, ...] = (),
                     required: bool = True, signed: bool = False,
                     ) -> tuple[Table, Recipe | None, str | None, Reading]:
    """The file read with its recipe's reading choices, the options given winning
    (`separator` is the option's text: None when not given, "auto" to detect).

    The recipe is found by the signature of the automatic reading, so that reading
    comes first when there are recipes (or `signed`: a signature is wanted); it is
    reused when the choices turn out to be the automatic ones. Without a recipe for
    this file: UsageError when `required`, else the file is read as the options say.
    """
    automatic = recipe = signature = None
    if recipes or signed:
        automatic = read_input(path, max_size_mb=max_size_mb, custom_fields=custom_fields)
        signature = header_signature(automatic.headers)
        if recipes and required:
            refuse_unreadable(path, automatic)
            recipe = matching_recipe(recipes, automatic.headers, source or "")
        elif recipes:
            recipe = recipe_for(recipes, signature)
    reading = Reading(
        sheet=sheet if sheet is not None else getattr(recipe, "sheet", None),
        separator=SEPARATORS[separator] if separator is not None
        else getattr(recipe, "separator", None),
        header_row=header_row if header_row is not None else getattr(recipe, "header_row", None))
    if automatic is not None and reading == Reading():
        return automatic, recipe, signature, reading
    table = read_input(path, sheet=reading.sheet, separator=reading.separator,
                       max_size_mb=max_size_mb, header_row=reading.header_row,
                       custom_fields=custom_fields)
    return table, recipe, signature, reading


def prepare(args: argparse.Namespace, definitions: Definitions, *,
            separator: str | None) -> Prepared:
    """`check` and `fix`: the input read with its recipe (if --recipe), and the
    recipe's settings with the command line's options on top. `separator` is the
    input separator option's text (`--sep` for check, `--input-sep` for fix)."""
    recipes = load_recipes(args.recipe) if args.recipe else ()
    table, recipe, signature, reading = read_with_recipe(
        args.file, recipes, args.recipe, sheet=args.sheet, separator=separator,
        header_row=args.header_row, max_size_mb=args.max_size_mb,
        custom_fields=field_names(definitions), signed=bool(args.save_recipe))
    settings = (settings_for(recipe, table.headers, definitions) if recipe is not None
                else RecipeSettings())
    settings = with_options(settings, args, table.headers, definitions)
    return Prepared(table, settings, reading, recipe, signature)


def with_options(settings: RecipeSettings, args: argparse.Namespace,
                 headers: tuple[str, ...], definitions: Definitions) -> RecipeSettings:
    """The options given on the command line, over the recipe's settings."""
    problems: list[str] = []
    index = HeaderIndex(headers)
    overrides = settings.override_map
    for text in args.map:
        header, equals, target = text.rpartition("=")
        if not equals or not header.strip() or not target.strip():
            problems.append(_("--map takes HEADER=TARGET, not '{text}'").format(text=text))
            continue
        name = target_named(target.strip(), definitions)
        if name is None:
            problems.append(_("'{target}' is not an Upflow column or a custom field of "
                              "{organization}").format(target=target.strip(),
                                                       organization=definitions.organization))
        position = _position(index, header.strip(), problems)
        if position is not None and name is not None:
            overrides[position] = name
    newly_ignored: set[int] = set()
    for ref in args.ignore:
        position = _position(index, ref, problems)
        if position is not None and overrides.get(position) != IGNORE:
            newly_ignored.add(position)
        if position is not None:
            overrides[position] = IGNORE
    leave_out = [_position(index, ref, problems) for ref in getattr(args, "leave_out", [])]
    if problems:
        raise UsageError(_("The column options cannot be used: {problems}.").format(
            problems=problem_list(problems)))
    options = (CheckOptions(DateOrder.DAY_FIRST) if args.day_first else
               CheckOptions(DateOrder.MONTH_FIRST) if args.month_first else settings.options)
    settings = replace(settings, overrides=tuple(sorted(overrides.items())), options=options)
    if not hasattr(args, "skip"):  # `check` writes nothing: the recipe's export stays as is
        return settings
    export = settings.export
    return replace(settings, fixes_off=settings.fixes_off | set(fix_names(args.skip)),
                   export=ExportOptions(
                       separator=_given(args.sep, export.separator),
                       bom=_given(args.bom, export.bom),
                       line_ending=_LINE_ENDINGS[args.line_ending] if args.line_ending
                       else export.line_ending,
                       canonical_headers=(not args.keep_headers if args.keep_headers is not None
                                          else export.canonical_headers),
                       neutralise_formulas=args.neutralise_formulas,
                       # A column ignored here is left out of the corrected file, as on
                       # the Fix page (a recipe's own leave_out already says so).
                       leave_out=export.leave_out | newly_ignored
                       | {p for p in leave_out if p is not None}))


def _given(option: Any, recipe: Any) -> Any:
    return recipe if option is None else option


def _position(index: HeaderIndex, ref: str, problems: list[str]) -> int | None:
    try:
        return index.position(ref)
    except UsageError as problem:
        problems.append(problem.message)
        return None


def save_recipe(args: argparse.Namespace, prepared: Prepared, definitions: Definitions) -> None:
    """--save-recipe: the recipe of this run's choices, written as YAML. Into the
    --recipe file itself, it replaces the recipe for this file and keeps the others,
    so that no recipe a team keeps is lost."""
    if not args.save_recipe:
        return
    refuse_overwriting_input(args.file, args.save_recipe)
    used, reading = prepared.recipe, prepared.reading
    recipe = make_recipe(
        prepared.settings, organization=definitions.organization,
        signature=prepared.signature or header_signature(prepared.table.headers),
        headers=prepared.table.headers,
        name=used.name if used is not None else Path(args.file).stem,
        sheet=reading.sheet, header_row=reading.header_row, separator=reading.separator,
        own_separator=default_separator(prepared.table), saved_at=datetime.now(UTC),
        saved_by=used.saved_by if used is not None else None)
    kept: list[Recipe] = [recipe]
    if args.recipe and Path(args.recipe).resolve() == Path(args.save_recipe).resolve():
        others = [other for other in load_recipes(args.recipe)
                  if other.signature != recipe.signature]
        kept = [*others, recipe]
    write_bytes(args.save_recipe, recipes_to_yaml(kept).encode("utf-8"))


def recipe_line(recipe: Recipe | None) -> str:
    """The text output's first line when a recipe was used: which one, and whose."""
    if recipe is None:
        return ""
    saved = recipe.saved_at.date().isoformat() if recipe.saved_at else None
    if saved and recipe.saved_by:
        line = _("Using the recipe '{name}' saved on {date} by {person}").format(
            name=recipe.name, date=saved, person=recipe.saved_by)
    elif saved:
        line = _("Using the recipe '{name}' saved on {date}").format(name=recipe.name,
                                                                      date=saved)
    else:
        line = _("Using the recipe '{name}'").format(name=recipe.name)
    return printable_lines([line])[0] + "\n"


def match_tables(args: argparse.Namespace) -> list[Table]:
    """`match`: each side read with the recipe made for it, if --recipe has one (a
    side without one is read as its options say; at least one side needs one)."""
    recipes = load_recipes(args.recipe) if args.recipe else ()
    tables, used = [], []
    for side in ("left", "right"):
        path = getattr(args, side)
        table, recipe, _signature, _reading = read_with_recipe(
            path, recipes, args.recipe, sheet=getattr(args, f"{side}_sheet"),
            separator=getattr(args, f"{side}_sep"),
            header_row=getattr(args, f"{side}_header_row") or args.header_row,
            max_size_mb=args.max_size_mb, required=False)
        refuse_unreadable(path, table)
        tables.append(table)
        used.append(recipe)
    if recipes and used == [None, None]:
        raise UsageError(_("None of the recipes in {source} was made for either file.").format(
            source=args.recipe))
    return tables
