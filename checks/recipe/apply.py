"""A recipe applied to a file, and a person's choices made into a recipe.

`settings_for` is the one way from a recipe to what the engine runs with (the column
overrides, the check options, the fixes switched off, the export options): the app
and `preflight` both call it, so the same recipe gives the same corrected file in
both. `make_recipe` is the way back, from the choices a person made (on the pages, or
with command-line options) to the recipe the store or a file keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from checks.check.cells.base import CheckOptions, DateOrder
from checks.definitions.document import Definitions
from checks.export.csv import ExportOptions
from checks.i18n import _
from checks.map.headers import header_key
from checks.model.columns import UPFLOW_COLUMNS
from checks.model.errors import UsageError, problem_list
from checks.recipe.recipe import (
    IGNORE,
    ExportChoices,
    HeaderIndex,
    Recipe,
    column_ref,
    header_signature,
)

__all__ = ["RecipeSettings", "make_recipe", "matching_recipe", "recipe_for", "settings_for",
           "target_named"]

#: How many headers a message about a file's other columns quotes at most.
_QUOTED = 3


@dataclass(frozen=True)
class RecipeSettings:
    """What a recipe makes the engine do with one file, its columns as positions in
    that file."""

    overrides: tuple[tuple[int, str], ...] = ()   # (position, target or IGNORE), sorted
    options: CheckOptions = field(default_factory=CheckOptions)
    fixes_off: frozenset[str] = frozenset()
    export: ExportOptions = field(default_factory=ExportOptions)

    @property
    def override_map(self) -> dict[int, str]:
        return dict(self.overrides)


def settings_for(recipe: Recipe, headers: Sequence[str],
                 definitions: Definitions) -> RecipeSettings:
    """The recipe for a file whose headers (read with the recipe's reading choices) are
    `headers`. UsageError listing every problem when it does not fit: a column the file
    does not have, or a target the organization does not know (a custom field deleted
    since), so that nothing is applied halfway."""
    problems: list[str] = []
    moved = _positions(recipe, headers, problems)
    overrides: dict[int, str] = {}
    for position, target in recipe.columns:
        name = IGNORE if target == IGNORE else target_named(target, definitions)
        if name is None:
            problems.append(_("'{target}' is not an Upflow column or a custom field of "
                              "{organization}").format(target=target,
                                                       organization=definitions.organization))
        elif position in moved:
            overrides[moved[position]] = name
    leave_out = frozenset(moved[position] for position in recipe.export.leave_out
                          if position in moved)
    if problems:
        raise UsageError((_("The recipe '{name}' does not fit this file: {problems}.")
                          if recipe.name else _("The recipe does not fit this file: "
                                                "{problems}.")).format(
            name=recipe.name, problems=problem_list(problems)))
    export = recipe.export
    return RecipeSettings(
        overrides=tuple(sorted(overrides.items())), options=CheckOptions(recipe.date_order),
        fixes_off=recipe.fixes_off,
        export=ExportOptions(separator=export.separator, bom=export.bom,
                             line_ending=export.line_ending,
                             canonical_headers=not export.keep_headers, leave_out=leave_out))


def _positions(recipe: Recipe, headers: Sequence[str], problems: list[str]) -> dict[int, int]:
    """Each position the recipe uses → the same column's position in the file: the same
    when the headers are the same (the signature says they are), else found again by
    header (or letter)."""
    used = {position for position, _target in recipe.columns} | recipe.export.leave_out
    if [header_key(h) for h in recipe.headers] == [header_key(h) for h in headers]:
        return {position: position for position in used}
    ours, theirs = HeaderIndex(recipe.headers), HeaderIndex(headers)
    moved: dict[int, int] = {}
    for position in sorted(used):
        try:
            moved[position] = theirs.position(column_ref(ours, position))
        except UsageError as problem:
            problems.append(problem.message)
    return moved


def target_named(name: str, definitions: Definitions) -> str | None:
    """The Upflow column or custom field `name` stands for: its own name, else an alias
    (English or French) or the name compared the tolerant way; None when unknown."""
    exact = [column.name for column in UPFLOW_COLUMNS]
    exact += [custom.name for custom in definitions.custom_fields]
    if name in exact:
        return name
    tolerant: dict[str, str] = {}
    for column in UPFLOW_COLUMNS:
        for spelling in column.names:
            tolerant.setdefault(header_key(spelling), column.name)
    for custom in definitions.custom_fields:
        tolerant.setdefault(header_key(custom.name), custom.name)
    key = header_key(name)
    return tolerant.get(key) if key else None


def make_recipe(settings: RecipeSettings, *, organization: str, signature: str,
                headers: Sequence[str], name: str = "", sheet: str | None = None,
                header_row: int | None = None, separator: str | None = None,
                own_separator: str | None = None, saved_at: datetime | None = None,
                saved_by: str | None = None) -> Recipe:
    """The way back from `settings_for`: the recipe of a person's choices (`settings`,
    positions in `headers`) for a file read with these reading choices (None: detected).
    The export's separator is kept only when it is not the file's own (`own_separator`,
    what the export writes when none is chosen), so that the recipe says "the file's
    own" when the person left it so."""
    export = settings.export
    chosen = export.separator if export.separator != own_separator else None
    return Recipe(
        organization=organization, signature=signature, headers=tuple(headers), name=name,
        sheet=sheet, header_row=header_row, separator=separator,
        date_order=DateOrder(settings.options.date_order),
        columns=tuple(sorted(settings.overrides)), fixes_off=frozenset(settings.fixes_off),
        export=ExportChoices(separator=chosen, line_ending=export.line_ending, bom=export.bom,
                             keep_headers=not export.canonical_headers,
                             leave_out=frozenset(export.leave_out)),
        saved_at=saved_at, saved_by=saved_by)


def recipe_for(recipes: Sequence[Recipe], signature: str) -> Recipe | None:
    """The recipe made for files with this signature, if any (the first one)."""
    return next((recipe for recipe in recipes if recipe.signature == signature), None)


def matching_recipe(recipes: Sequence[Recipe], headers: Sequence[str],
                    source: str) -> Recipe:
    """The recipe of `source` (a recipe file) made for a file with these headers (as
    read automatically); UsageError saying how the file differs when there is none."""
    found = recipe_for(recipes, header_signature(headers))
    if found is not None:
        return found
    if len(recipes) == 1:
        (recipe,) = recipes
        ours = {header_key(header) for header in recipe.headers}
        theirs = {header_key(header) for header in headers}
        extra = [h for h in headers if header_key(h) not in ours][:_QUOTED]
        missing = [h for h in recipe.headers if header_key(h) not in theirs][:_QUOTED]
        differences = ([_("this file has {columns} in addition").format(
                           columns=_quoted(extra))] if extra else [])
        differences += ([_("it lacks {columns}").format(columns=_quoted(missing))]
                        if missing else [])
        differences = differences or [_("its columns are in another order")]
        raise UsageError(_("The recipe '{name}' in {source} was made for a file with other "
                           "columns: {differences}.").format(
                               name=recipe.name, source=source,
                               differences=problem_list(differences)))
    raise UsageError(_("None of the {count} recipes in {source} was made for a file with "
                       "these columns ({columns}).").format(
                           count=len(recipes), source=source,
                           columns=_quoted(list(headers)[:_QUOTED])))


def _quoted(headers: Sequence[str]) -> str:
    return ", ".join(f"'{header}'" for header in headers)

