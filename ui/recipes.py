"""Import recipes in the app: the session's side of `checks.recipe`.

When a file is uploaded, its header signature (of the automatic reading) is looked
up in the team's store for the active organization; a recipe found there is applied
at once (reading choices into the `Upload`, the mapping, the date order, the fixes
switched off, the export choices) through the engine's one function,
`checks.settings_for`, which the command line uses too. When the person then changes
one of those choices, `remember` saves the recipe again, once per page run and only
when it changed, so next week's file gets the latest choices back. A file nobody
changed anything about gets no recipe.

What is kept per session: the signature of this session's file, the recipe of its
choices (saved, or None while nothing was chosen) and whether it came from the store
on upload. The recipe itself holds headers and decisions, never a cell value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PureWindowsPath

import streamlit as st

from checks import (
    CheckResult,
    DateOrder,
    ExportOptions,
    PreflightError,
    Recipe,
    RecipeSettings,
    StoreError,
    default_separator,
    header_signature,
    make_recipe,
    recipes_from_yaml,
    recipes_to_yaml,
    settings_for,
)
from checks.i18n import _, counted
from checks.views import escape_markdown, recipe_list, recipe_notice, time_zone
from ui import language, session, tables, team

SIGNATURE = "recipe_signature"   # the header signature of this session's file
CURRENT = "recipe_current"       # the recipe of this file's choices, once saved
APPLIED = "recipe_applied"       # whether CURRENT was found in the store on upload
PROBLEM = "recipe_problem"       # why the saved recipe could not be used, to say once
IMPORTED = "recipe_imported_id"  # the recipe file last imported, not to import it twice
IMPORT_KEY = "check_recipes_import"  # the importer's file
#: The check page's date order picker, which a recipe sets.
DATE_ORDER_KEY = "check_date_order"
YAML_MIME = "application/yaml"


def person() -> str | None:
    """Who is saving: the signed-in person's name or email; None when nobody signs in
    (the notice then says "someone on the team")."""
    user = st.user
    if user.get("is_logged_in") is not True:
        return None
    for key in ("name", "email"):
        value = user.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def current() -> Recipe | None:
    return st.session_state.get(CURRENT)


# ── a new file ──────────────────────────────────────────────────────────────────────

def take(upload: session.Upload) -> None:
    """A new file (`upload`, read automatically, already the session's): find the
    recipe made for its headers and apply it. Called by the check page once per
    upload, before its widgets are drawn."""
    for key in (SIGNATURE, CURRENT, APPLIED, PROBLEM):
        st.session_state.pop(key, None)
    try:
        with st.spinner(_("Reading {name}…").format(name=upload.name), show_time=True):
            table = session.read_upload(upload)  # kept: the check reads it no more
        if not table.headers or table.unusable_reasons:
            return
        st.session_state[SIGNATURE] = signature = header_signature(table.headers)
        active = team.active_definitions().definitions
        recipe = team.store().find_recipe(active.organization, signature)
    except PreflightError as problem:  # the page says why the file cannot be read
        if isinstance(problem, StoreError):
            st.session_state[PROBLEM] = problem.message
        return
    if recipe is not None:
        _apply(recipe, upload)


def _apply(recipe: Recipe, upload: session.Upload) -> None:
    """Read the file the recipe's way and take its choices; when it does not fit the
    file (a column gone, a custom field deleted since), the file stays read
    automatically and the page says why."""
    reading = replace(upload, sheet=recipe.sheet, separator=recipe.separator,
                      header_row=recipe.header_row)
    try:
        if reading != upload:
            session.set_upload(reading)
        table = session.read_upload(reading)
        settings = settings_for(recipe, table.headers, team.active_definitions().definitions)
    except PreflightError as problem:
        session.set_upload(upload)
        st.session_state[PROBLEM] = _("The recipe “{name}” saved for files with these "
                                      "columns was not used: {problem}").format(
                                          name=recipe.name, problem=problem.message)
        return
    session.set_overrides(settings.override_map)
    session.set_fixes_off(settings.fixes_off)
    session.set_left_out(settings.export.leave_out)
    st.session_state[DATE_ORDER_KEY] = DateOrder(settings.options.date_order)
    st.session_state[CURRENT] = recipe
    st.session_state[APPLIED] = True


def export_defaults() -> ExportOptions:
    """What the Fix page's export choices start from: this file's recipe, else the
    export's defaults (the separator None: the file's own)."""
    recipe = current()
    if recipe is None:
        return ExportOptions()
    export = recipe.export
    return ExportOptions(separator=export.separator, bom=export.bom,
                         line_ending=export.line_ending,
                         canonical_headers=not export.keep_headers)


# ── the person's choices ────────────────────────────────────────────────────────────

def remember(result: CheckResult, export: ExportOptions | None = None) -> None:
    """Save this file's recipe when the person's choices changed it. Called once per
    run by the check page (after its check) and the Fix page (with its `export`
    choices; without them, the recipe's stay). Nothing is saved for a file whose
    choices are all automatic and that has no recipe yet."""
    upload, signature = session.current_upload(), st.session_state.get(SIGNATURE)
    table = result.table
    if upload is None or signature is None or table.unusable_reasons:
        return
    kept = current()
    export = export or export_defaults()
    choices = session.check_choices()
    settings = RecipeSettings(
        overrides=choices.overrides, options=choices.options, fixes_off=session.fixes_off(),
        export=replace(export, leave_out=session.left_out(result), neutralise_formulas=False))
    made = make_recipe(
        settings, organization=result.definitions.organization, signature=signature,
        headers=table.headers, name=kept.name if kept else PureWindowsPath(upload.name).stem,
        sheet=upload.sheet, header_row=upload.header_row, separator=upload.separator,
        own_separator=default_separator(table), saved_by=person())
    automatic = make_recipe(RecipeSettings(), organization=made.organization,
                            signature=signature, headers=table.headers)
    if made.choices() == (kept.choices() if kept else automatic.choices()):
        return
    _save(made)


def _save(recipe: Recipe) -> None:
    try:
        st.session_state[CURRENT] = team.store().save_recipe(recipe)
    except StoreError:
        st.toast(_("Your choices for this file could not be saved as a recipe."),
                 icon=":material/receipt_long:")


def forget() -> None:
    """*Forget this recipe*: delete it from the store and read the file automatically
    again, every choice back to its default (a button's callback, before the page)."""
    language.apply()
    recipe, upload = current(), session.current_upload()
    for key in (CURRENT, APPLIED, PROBLEM):
        st.session_state.pop(key, None)
    if recipe is not None:
        try:
            team.store().forget_recipe(recipe.organization, recipe.signature)
        except StoreError as problem:
            st.session_state[PROBLEM] = problem.message
    if upload is not None:
        session.set_upload(session.Upload(upload.name, upload.data))
    session.set_overrides({})
    session.set_fixes_off(frozenset())
    st.session_state[DATE_ORDER_KEY] = DateOrder.UNKNOWN


# ── what the check page shows ───────────────────────────────────────────────────────

def notice(on_forget: Callable[[], None] | None = None) -> None:
    """The recipe this file uses (or why the saved one was not used), with *Forget this
    recipe*; `on_forget` runs after `forget`, for the page's own widgets."""
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.warning(escape_markdown(problem), icon=":material/receipt_long:")
    recipe = current()
    if recipe is None:
        return
    zone = time_zone(st.context.timezone)
    said, button = st.columns([3, 1], vertical_alignment="center")
    said.info(escape_markdown(recipe_notice(recipe, applied=bool(st.session_state.get(APPLIED)),
                                            zone=zone)), icon=":material/receipt_long:")
    button.button(_("Forget this recipe"), key="check_recipe_forget", on_click=_forgotten,
                  args=(on_forget,), icon=":material/delete:",
                  help=_("Delete this recipe for the whole team and read the file "
                         "automatically again."))


def _forgotten(then: Callable[[], None] | None) -> None:
    forget()
    if then is not None:
        then()


def manager() -> None:
    """The organization's recipes: name this file's, list them, download them as YAML,
    import a YAML file of recipes (saved for the active organization)."""
    organization = team.active_definitions().definitions.organization
    imported = _take_import(organization)
    try:
        saved = team.store().recipes(organization)
    except StoreError as problem:
        st.caption(problem.message)
        return
    with st.expander(_("Saved recipes ({count})").format(count=len(saved)),
                     icon=":material/receipt_long:", expanded=imported is not None):
        st.caption(_("A recipe remembers what you chose for one kind of file (sheet, header "
                     "row, separator, dates, column mapping, fixes, export) and applies it "
                     "the next time a file with the same columns is uploaded, for everyone "
                     "on the team. Your choices are saved as you make them."))
        recipe = current()
        if recipe is not None:
            st.text_input(_("Name of this file's recipe"), value=recipe.name,
                          key="check_recipe_name", max_chars=200, on_change=_rename)
        if saved:
            tables.show(recipe_list(saved, time_zone(st.context.timezone)), "check_recipes")
            st.download_button(_("Download the recipes (YAML)"),
                               recipes_to_yaml(saved).encode("utf-8"),
                               file_name=_("preflight_recipes.yaml"), mime=YAML_MIME,
                               key="check_recipes_download", on_click="ignore",
                               icon=":material/download:")
        st.file_uploader(_("Import recipes from a YAML file"), type=["yaml", "yml"],
                         key=IMPORT_KEY, help=_("A file downloaded here, or written for the "
                                                "command line's --recipe."))
        if imported is not None:
            (st.success if imported[0] else st.error)(escape_markdown(imported[1]))


def _take_import(organization: str) -> tuple[bool, str] | None:
    """A recipe file just given to the importer, imported once: (done, what to say)."""
    given = st.session_state.get(IMPORT_KEY)
    if given is None or given.file_id == st.session_state.get(IMPORTED):
        return None
    st.session_state[IMPORTED] = given.file_id
    return _import(given.getvalue(), given.name, organization)


def _rename() -> None:
    language.apply()
    recipe = current()
    name = str(st.session_state.get("check_recipe_name") or "").strip()
    if recipe is not None and name and name != recipe.name:
        _save(replace(recipe, name=name, saved_by=person()))


def _import(data: bytes, name: str, organization: str) -> tuple[bool, str]:
    """Save every recipe of a YAML file for the active organization, or none of them
    when one does not fit its definitions: (done, what to say)."""
    definitions = team.active_definitions().definitions
    try:
        found = recipes_from_yaml(data, name)
        for recipe in found:
            settings_for(recipe, recipe.headers, definitions)  # its targets exist here
        for recipe in found:
            team.store().save_recipe(replace(recipe, organization=organization,
                                             saved_by=person()))
    except PreflightError as problem:
        return False, _("Nothing was imported. {problem}").format(problem=problem.message)
    return True, _("Imported {recipes} for {organization}.").format(
        recipes=counted(len(found), "{count} recipe", "{count} recipes"),
        organization=organization)
