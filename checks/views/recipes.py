"""What the check page says about import recipes: the notice of the recipe in use,
what a recipe decides in a few plain words, and the list of the organization's
recipes.

A finance person reads these, so a recipe is described by what it does ("header on
row 3 · dates read day first · 2 columns mapped, 1 ignored"), never by its YAML, and
the day it was saved is written the way their language writes a day ("3 December",
"3 décembre"), in their time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

import pandas as pd
from babel.dates import format_date

from checks.check.cells.base import DateOrder
from checks.fix.fixes import FIXES_BY_NAME
from checks.i18n import _, counted, language, ngettext, number
from checks.map.headers import IGNORE
from checks.model.separators import SEPARATOR_NAMES
from checks.recipe import Recipe
from checks.views.people import PeopleTable, people_table

#: What the pages use (through `checks.views`).
__all__ = ["recipe_list", "recipe_notice", "recipe_summary", "saved_day"]


def saved_day(moment: datetime, zone: tzinfo = UTC, today: datetime | None = None) -> str:
    """The day a recipe was saved, as the person's language writes it: "3 December",
    with the year when it is not this year's."""
    local = moment.astimezone(zone)
    current = (today or datetime.now(UTC)).astimezone(zone)
    pattern = "d MMMM" if local.year == current.year else "d MMMM y"
    return format_date(local.date(), pattern, locale=language())


def recipe_summary(recipe: Recipe) -> str:
    """What the recipe decides, in a few words: only what differs from the automatic
    reading and the export's defaults."""
    parts: list[str] = []
    if recipe.sheet:
        parts.append(_("sheet {sheet}").format(sheet=recipe.sheet))
    if recipe.header_row:
        parts.append(_("header on row {row}").format(row=number(recipe.header_row)))
    if recipe.separator:
        parts.append(_("read with {separator}").format(
            separator=_(SEPARATOR_NAMES[recipe.separator])))
    if recipe.date_order is DateOrder.DAY_FIRST:
        parts.append(_("dates read day first"))
    elif recipe.date_order is DateOrder.MONTH_FIRST:
        parts.append(_("dates read month first"))
    ignored = sum(target == IGNORE for _position, target in recipe.columns)
    mapped = len(recipe.columns) - ignored
    if mapped:
        parts.append(counted(mapped, "{count} column mapped", "{count} columns mapped"))
    if ignored:
        parts.append(counted(ignored, "{count} column ignored", "{count} columns ignored"))
    if recipe.fixes_off:
        titles = ", ".join(_(FIXES_BY_NAME[name].title) for name in sorted(recipe.fixes_off))
        parts.append(ngettext("fix switched off: {fixes}", "fixes switched off: {fixes}",
                              len(recipe.fixes_off)).format(fixes=titles))
    parts += _export_summary(recipe)
    return " · ".join(parts) if parts else _("the automatic reading, nothing changed")


def _export_summary(recipe: Recipe) -> list[str]:
    export = recipe.export
    parts = []
    if export.separator:
        parts.append(_("corrected file with {separator}").format(
            separator=_(SEPARATOR_NAMES[export.separator])))
    if export.line_ending == "\n":
        parts.append(_("Mac and Linux line endings"))
    if export.bom:
        parts.append(_("byte order mark for Excel"))
    if export.keep_headers:
        parts.append(_("your column names kept"))
    # An ignored column is left out of the file anyway (the Fix page's default): only
    # the others are a choice worth naming.
    ignored = {position for position, target in recipe.columns if target == IGNORE}
    if left_out := export.leave_out - ignored:
        parts.append(counted(len(left_out), "{count} column left out of the file",
                             "{count} columns left out of the file"))
    return parts


def _person(recipe: Recipe) -> str:
    return recipe.saved_by or _("someone on the team")


def recipe_notice(recipe: Recipe, *, applied: bool, zone: tzinfo = UTC) -> str:
    """The check page's notice: the recipe this file uses (`applied`: found in the
    store when the file was uploaded), or the one its choices were just saved as."""
    day = saved_day(recipe.saved_at, zone) if recipe.saved_at else None
    if applied and day:
        return _("Using the recipe “{name}” saved on {date} by {person} ({summary}). Change "
                 "any choice and the recipe follows it, or forget it.").format(
                     name=recipe.name, date=day, person=_person(recipe),
                     summary=recipe_summary(recipe))
    return _("Your choices for this file are saved as the recipe “{name}” ({summary}): the "
             "next file with the same columns gets them back. Change any choice and the "
             "recipe follows it, or forget it.").format(name=recipe.name,
                                                        summary=recipe_summary(recipe))


def recipe_list(recipes: Sequence[Recipe], zone: tzinfo = UTC) -> PeopleTable:
    """The organization's recipes as a table for people, one line each (the headers'
    invisible characters marked, as in every table of a file's values)."""
    frame = pd.DataFrame({
        _("Recipe"): [recipe.name for recipe in recipes],
        _("Columns"): [_first_headers(recipe) for recipe in recipes],
        _("What it decides"): [recipe_summary(recipe) for recipe in recipes],
        _("Saved on"): [saved_day(recipe.saved_at, zone) if recipe.saved_at else ""
                        for recipe in recipes],
        _("Saved by"): [_person(recipe) for recipe in recipes],
    }, dtype="str")
    return people_table(frame, marked=[_("Columns")])


def _first_headers(recipe: Recipe, shown: int = 4) -> str:
    """The file's first headers, to tell the recipes apart."""
    headers = [header for header in recipe.headers if header.strip()]
    text = ", ".join(headers[:shown])
    return text + ", …" if len(headers) > shown else text
