"""Recipes as YAML: the file a team downloads, keeps beside its scripts, gives to
`preflight --recipe`, or imports into another Preflight.

One file holds one recipe (a mapping) or several (a list of them). Every recipe says
its format version (`recipe_format: 1`) so that a later Preflight can read today's
files and refuse, with a plain message, a file made by a newer one. Columns are named
by header (or by letter for a header that appears more than once, see
`checks.recipe.recipe.column_ref`); inside the engine they are positions again.

Reading a file validates all of it and raises one UsageError listing every problem
(an unknown key, a separator Upflow does not read, a column the recipe's own headers
do not have…), never a traceback: the command line prints it on one line, the app
shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import yaml

from checks.check.cells.base import DateOrder
from checks.fix.fixes import FIXES_BY_NAME
from checks.i18n import _
from checks.model.errors import UsageError, problem_list
from checks.model.separators import INPUT_SEPARATORS, SEPARATORS, TAB
from checks.recipe.recipe import IGNORE, ExportChoices, HeaderIndex, Recipe, column_ref
from checks.recipe.recipe import header_signature as signature_of
from checks.text.yaml_text import YamlDumper, shown

__all__ = ["FORMAT_VERSION", "MAX_RECIPE_BYTES", "recipes_from_yaml", "recipes_to_yaml"]

FORMAT_KEY = "recipe_format"
FORMAT_VERSION = 1
#: A recipe file larger than this is refused unread (a recipe is a few kilobytes).
MAX_RECIPE_BYTES = 1024 * 1024

#: How a recipe file writes what the engine keeps as characters.
_LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}
_DATE_ORDERS = {"day_first": DateOrder.DAY_FIRST, "month_first": DateOrder.MONTH_FIRST,
                "never_guess": DateOrder.UNKNOWN}
_KEYS = ("recipe_format", "name", "organization", "signature", "headers", "sheet",
         "header_row", "separator", "dates", "columns", "ignore", "fixes_off", "export",
         "saved_at", "saved_by")
_EXPORT_KEYS = ("separator", "line_ending", "bom", "keep_headers", "leave_out")


# ── writing ─────────────────────────────────────────────────────────────────────────

def recipes_to_yaml(recipes: Sequence[Recipe]) -> str:
    """One recipe as a mapping, several as a list: what `recipes_from_yaml` reads."""
    documents = [recipe_document(recipe) for recipe in recipes]
    written: object = documents[0] if len(documents) == 1 else documents
    return yaml.dump(written, Dumper=YamlDumper, sort_keys=False, allow_unicode=True)


def recipe_document(recipe: Recipe) -> dict[str, Any]:
    """The recipe as the file writes it: only what it decides (a choice left to the
    automatic reading is left out), columns named by header."""
    index = HeaderIndex(recipe.headers)

    def named(positions: Sequence[int]) -> list[str]:
        return [column_ref(index, position) for position in sorted(positions)]

    document: dict[str, Any] = {FORMAT_KEY: FORMAT_VERSION, "name": recipe.name,
                                "organization": recipe.organization,
                                "signature": recipe.signature, "headers": list(recipe.headers)}
    optional = {"sheet": recipe.sheet, "header_row": recipe.header_row,
                "separator": "tab" if recipe.separator == TAB else recipe.separator}
    document |= {key: value for key, value in optional.items() if value is not None}
    if recipe.date_order is not DateOrder.UNKNOWN:
        document["dates"] = recipe.date_order.value
    mapped = {column_ref(index, position): target for position, target in recipe.columns
              if target != IGNORE}
    ignored = [position for position, target in recipe.columns if target == IGNORE]
    if mapped:
        document["columns"] = mapped
    if ignored:
        document["ignore"] = named(ignored)
    if recipe.fixes_off:
        document["fixes_off"] = sorted(recipe.fixes_off)
    export = recipe.export
    written: dict[str, Any] = {"separator": export.separator} if export.separator else {}
    written |= {"line_ending": "lf" if export.line_ending == "\n" else "crlf",
                "bom": export.bom, "keep_headers": export.keep_headers}
    if export.leave_out:
        written["leave_out"] = named(export.leave_out)
    document["export"] = written
    if recipe.saved_at is not None:
        document["saved_at"] = recipe.saved_at.astimezone(UTC).isoformat()
    if recipe.saved_by:
        document["saved_by"] = recipe.saved_by
    return document


# ── reading ─────────────────────────────────────────────────────────────────────────

def recipes_from_yaml(text: str | bytes, source: str) -> tuple[Recipe, ...]:
    """Every recipe of a YAML file; UsageError naming `source` (the file's name) and
    listing every problem when one is not right."""
    problems: list[str] = []
    document = _document(text, problems)
    items = document if isinstance(document, list) else [document]
    if not problems and not items:
        problems.append(_("it holds no recipe"))
    recipes = []
    for number, item in enumerate(items, 1):
        where = _("recipe {number}: ").format(number=number) if len(items) > 1 else ""
        found: list[str] = []
        recipe = _recipe(item, found)
        problems += [where + problem for problem in found]
        if recipe is not None:
            recipes.append(recipe)
    if problems:
        raise UsageError(_("The recipe file {source} cannot be used: {problems}.").format(
            source=source, problems=problem_list(problems)))
    return tuple(recipes)


def _document(text: str | bytes, problems: list[str]) -> Any:
    if len(text) > MAX_RECIPE_BYTES:
        problems.append(_("it is larger than a recipe can be (1 MB)"))
        return []
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(_("it is not UTF-8 text"))
            return []
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(_("it is not valid YAML at line {line}").format(line=mark.line + 1)
                        if mark is not None else _("it is not valid YAML"))
    except (ValueError, RecursionError, AttributeError, IndexError, KeyError, TypeError):
        # PyYAML's constructors fail with whatever Python raises on a malformed value
        # (2024-02-30, "!!int", a document nested thousands deep).
        problems.append(_("it is not valid YAML"))
    return []


def _recipe(item: Any, problems: list[str]) -> Recipe | None:
    """One recipe from its mapping, every problem of it added to `problems`."""
    if not isinstance(item, dict):
        problems.append(_("a recipe must be a mapping with 'organization' and 'headers' keys"))
        return None
    problems += [_("unknown key '{key}'").format(key=shown(key)) for key in item
                 if key not in _KEYS]
    version = item.get(FORMAT_KEY)
    if version != FORMAT_VERSION:
        problems.append(_("it was made by a newer Preflight (recipe_format {version}); "
                          "update Preflight to use it").format(version=shown(version))
                        if isinstance(version, int) and not isinstance(version, bool)
                        and version > FORMAT_VERSION else
                        _("'recipe_format' must be {version}").format(version=FORMAT_VERSION))
    organization = _text(item.get("organization"), "organization", problems, required=True)
    headers = _texts(item.get("headers"), "headers", problems, empty_ok=True)
    if "headers" not in item:
        problems.append(_("'headers' must list the file's headers"))
    index = HeaderIndex(headers)
    signature = _text(item.get("signature"), "signature", problems) or signature_of(headers)
    columns = _columns(item.get("columns"), item.get("ignore"), index, problems)
    export = _export(item.get("export"), index, problems)
    recipe = Recipe(
        organization=organization, signature=signature, headers=tuple(headers),
        name=_text(item.get("name"), "name", problems),
        sheet=_text(item.get("sheet"), "sheet", problems) or None,
        header_row=_row(item.get("header_row"), problems),
        separator=_choice(item.get("separator"), "separator",
                          {**{sep: sep for sep in INPUT_SEPARATORS}, "tab": TAB}, problems),
        date_order=_choice(item.get("dates"), "dates", _DATE_ORDERS, problems)
        or DateOrder.UNKNOWN,
        columns=columns, fixes_off=_fixes(item.get("fixes_off"), problems), export=export,
        saved_at=_moment(item.get("saved_at"), problems),
        saved_by=_text(item.get("saved_by"), "saved_by", problems) or None)
    return None if problems else recipe


def _columns(mapped: Any, ignored: Any, index: HeaderIndex,
             problems: list[str]) -> tuple[tuple[int, str], ...]:
    """`columns` ({header: target}) and `ignore` ([header]) as sorted (position, target)."""
    chosen: dict[int, str] = {}
    if mapped is not None and not isinstance(mapped, dict):
        problems.append(_("'columns' must map each header to an Upflow column or custom field"))
        mapped = {}
    for ref, target in (mapped or {}).items():
        name = _text(target, "columns", problems)
        if not name:
            problems.append(_("'columns' gives no target for '{column}'").format(
                column=shown(ref)))
        _place(ref, name or IGNORE, index, chosen, problems)
    for ref in _texts(ignored, "ignore", problems, empty_ok=True):
        _place(ref, IGNORE, index, chosen, problems)
    return tuple(sorted(chosen.items()))


def _place(ref: Any, target: str, index: HeaderIndex, chosen: dict[int, str],
           problems: list[str]) -> None:
    position = _position(ref, index, problems)
    if position is None:
        return
    if position in chosen:
        problems.append(_("the column '{column}' is given twice").format(column=shown(ref)))
    chosen[position] = target


def _position(ref: Any, index: HeaderIndex, problems: list[str]) -> int | None:
    if not isinstance(ref, str):
        ref = shown(ref)
    try:
        return index.position(ref)
    except UsageError as problem:
        problems.append(problem.message)
        return None


def _export(value: Any, index: HeaderIndex, problems: list[str]) -> ExportChoices:
    if value is None:
        return ExportChoices()
    if not isinstance(value, dict):
        problems.append(_("'export' must be a mapping"))
        return ExportChoices()
    problems += [_("unknown key '{key}' in 'export'").format(key=shown(key)) for key in value
                 if key not in _EXPORT_KEYS]
    positions = [_position(ref, index, problems)
                 for ref in _texts(value.get("leave_out"), "leave_out", problems, empty_ok=True)]
    ending = _choice(value.get("line_ending"), "line_ending", _LINE_ENDINGS, problems)
    return ExportChoices(
        separator=_choice(value.get("separator"), "separator",
                          {sep: sep for sep in SEPARATORS}, problems),
        line_ending=ending or "\r\n",
        bom=_flag(value.get("bom"), "bom", problems),
        keep_headers=_flag(value.get("keep_headers"), "keep_headers", problems),
        leave_out=frozenset(position for position in positions if position is not None))


def _text(value: Any, key: str, problems: list[str], *, required: bool = False) -> str:
    """A text of the recipe: "" when left out (unless `required`, then never empty)."""
    if value is None and not required:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and (
            str(value) or not required):
        return str(value)
    problems.append(_("'{key}' must be a text").format(key=key))
    return ""


def _texts(value: Any, key: str, problems: list[str], *, empty_ok: bool) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(_("'{key}' must be a list").format(key=key))
        return []
    texts = []
    for number, item in enumerate(value, 1):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and (
                empty_ok or str(item)):
            texts.append(str(item))
        else:
            problems.append(_("{key} item {number} must be a text").format(key=key,
                                                                          number=number))
    return texts


def _choice(value: Any, key: str, allowed: dict[str, Any], problems: list[str]) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and value in allowed:
        return allowed[value]
    choices = ", ".join(dict.fromkeys(_visible(name) for name in allowed))
    problems.append(_("{key} '{value}' is unknown (use one of: {allowed})").format(
        key=key, value=shown(value), allowed=choices))
    return None


def _visible(name: str) -> str:
    return "tab" if name == TAB else name


def _flag(value: Any, key: str, problems: list[str]) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.append(_("'{key}' must be true or false").format(key=key))
    return False


def _row(value: Any, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    problems.append(_("'header_row' must be a row number (1 or more)"))
    return None


def _fixes(value: Any, problems: list[str]) -> frozenset[str]:
    names = _texts(value, "fixes_off", problems, empty_ok=False)
    unknown = [name for name in names if name not in FIXES_BY_NAME]
    if unknown:
        problems.append(_("unknown fix {names} (choose from: {choices})").format(
            names=", ".join(shown(name) for name in unknown), choices=", ".join(FIXES_BY_NAME)))
    return frozenset(name for name in names if name in FIXES_BY_NAME)


def _moment(value: Any, problems: list[str]) -> datetime | None:
    """`saved_at`, an ISO time (YAML may already have read it as one); UTC."""
    parse: Callable[[str], datetime] = datetime.fromisoformat
    try:
        moment = value if isinstance(value, datetime) or value is None else parse(str(value))
    except ValueError:
        problems.append(_("'saved_at' must be a time such as 2026-12-03T09:30:00+00:00"))
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
