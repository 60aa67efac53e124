"""Definitions: see, edit, import, load and export the organization's definitions.

Widgets and layout only. Tables ↔ document is `checks.views.definitions`, fetching a
URL is `checks.definitions.remote`, validation is `definitions_from_dict`, and saving goes through
`ui.session`, so an edit here applies to every teammate's next check. Every save
goes through `_save`, and `can_edit` is the one switch that gates editing to admins
(`ui.access`: signed-in admins, or a session unlocked with the admin password).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from checks import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    Definitions,
    DefinitionsError,
    FieldType,
    Managed,
    RemoteDefinitionsError,
    RemoteSource,
    SourceSystem,
    definitions_from_dict,
    display_url,
    load_remote_definitions,
    parse_definitions,
)
from checks.i18n import _
from checks.views import (
    DefinitionsTables,
    UrlFormSettings,
    definitions_changes,
    describe_definitions,
    document_from_tables,
    escape_markdown,
    form_headers,
    import_rights,
    source_system_label,
    to_tables,
)
from ui import access, memo, session, team

session.require_app()

P = "definitions_"  # every key of this page starts with it
FLASH = P + "flash"
EDITING_REVISION = P + "editing_revision"
URL_RESULT = P + "url_result"
EDIT_KEYS = tuple(P + name for name in ("name", "source_system", "custom_fields", "members",
                                        "workflows", "customers", "positions"))
EDITED_SOURCE = "edited on the Definitions page"
URL_CACHE_SECONDS = 300
MAX_FILE_BYTES = DEFAULT_MAX_BYTES
SPARE_KEY_ROWS = 2  # empty rows under the expected keys, for a server that wants more


def can_edit() -> bool:
    """Whether this person may change the team's definitions. Asked afresh by every
    editor and save path, so a Lock or a sign-out applies at once."""
    return access.current().may_edit


def main() -> None:
    st.title(_("Definitions"))
    st.caption(_("The organization's custom fields, members, workflows, contact positions and "
                 "source system. Every check is generated from them, so a saved change "
                 "applies to the very next check, for the whole team."))
    _show_flash()
    try:
        active = team.active_definitions()
    except team.StoreUnavailable as problem:
        st.error(problem.message)
        st.stop()
    _follow_revision(active.revision)
    st.caption(_("Active: revision {revision}, saved {when}, {source}.").format(
        revision=active.revision, when=_when(active.saved_at), source=active.source))
    access.editing_panel(P)
    edit, upload, remote, export = st.tabs(
        [_("Edit"), _("Import a file"), _("Load from a URL"), _("Export")], key=P + "tabs")
    with edit:
        _edit(active.definitions)
    with upload:
        _import_file(active.definitions)
    with remote:
        _load_url(active.definitions)
    with export:
        _export(active.definitions)
    _revisions(active.revision)


# ---- editing ---------------------------------------------------------------------------

def _source_system(definitions: Definitions, editable: bool) -> SourceSystem:
    """The source system: a choice for an editor, the active one's name otherwise (a
    disabled text field, whose label keeps a readable contrast, unlike a disabled
    select box's)."""
    if not editable:
        st.text_input(_("Source system"), value=source_system_label(definitions.source_system),
                      key=P + "source_system_shown", disabled=True)
        return definitions.source_system
    systems = list(SourceSystem)
    return st.selectbox(_("Source system"), systems,
                        index=systems.index(definitions.source_system),
                        format_func=source_system_label, key=P + "source_system")


def _edit(definitions: Definitions) -> None:
    editable = can_edit()
    if not editable:
        _forget_edits()  # a locked session shows the active definitions, not a draft
    tables = to_tables(definitions)
    name = st.text_input(_("Organization name"), value=definitions.organization,
                         key=P + "name", disabled=not editable)
    system = _source_system(definitions, editable)
    st.caption(_("What an organization on **{system}** may update by CSV. Identifying "
                 "columns only say which customer a line is about; custom fields follow "
                 "their own *managed* setting.").format(system=source_system_label(system)))
    st.dataframe(import_rights(system), hide_index=True, key=P + "import_rights")

    st.subheader(_("Custom fields"))
    st.caption(_("Type: text, number, date, single_select, multi_select or boolean. "
                 "Options (select fields only): separated by commas, or one per line. "
                 "Managed: **upflow** fields can be imported; **synced** fields come from "
                 "your source of truth and cannot."))
    fields = st.data_editor(tables.custom_fields, key=P + "custom_fields", num_rows="dynamic",
                            hide_index=True, disabled=not editable, column_config={
                                "name": st.column_config.TextColumn(_("Name")),
                                "type": st.column_config.SelectboxColumn(
                                    _("Type"), options=[t.value for t in FieldType]),
                                "options": st.column_config.TextColumn(_("Options")),
                                "managed": st.column_config.SelectboxColumn(
                                    _("Managed"), options=[m.value for m in Managed],
                                    default=Managed.UPFLOW.value),
                            })
    st.subheader(_("Members and roles"))
    st.caption(_("Emails in lowercase, as in Upflow. Roles separated by commas; only members "
                 "with the **account_manager** role can be assigned to customers."))
    members = st.data_editor(tables.members, key=P + "members", num_rows="dynamic",
                             hide_index=True, disabled=not editable, column_config={
                                 "email": st.column_config.TextColumn(_("Email")),
                                 "roles": st.column_config.TextColumn(_("Roles")),
                             })
    st.subheader(_("Workflows"))
    workflows = st.data_editor(tables.workflows, key=P + "workflows", num_rows="dynamic",
                               hide_index=True, disabled=not editable, column_config={
                                   "workflow": st.column_config.TextColumn(
                                       _("Workflow name")),
                               })
    st.subheader(_("Known customers"))
    st.caption(_("Optional: existing customers, so a Parent ID that is not in the file can "
                 "still be recognised."))
    customers = st.data_editor(tables.customers, key=P + "customers", num_rows="dynamic",
                               hide_index=True, disabled=not editable, column_config={
                                   "id": st.column_config.TextColumn(_("Customer ID")),
                                   "name": st.column_config.TextColumn(_("Name")),
                               })
    st.subheader(_("Contact positions"))
    st.caption(_("The positions a contact can have in Upflow (Position column of a contacts "
                 "file), written exactly as in Upflow's contact settings."))
    positions = st.data_editor(tables.positions, key=P + "positions", num_rows="dynamic",
                               hide_index=True, disabled=not editable, column_config={
                                   "position": st.column_config.TextColumn(_("Position")),
                               })
    if not editable:
        return
    save, discard = st.columns([1, 4])
    discard.button(_("Discard changes"), key=P + "discard", on_click=_forget_edits)
    if save.button(_("Save definitions"), type="primary", key=P + "save"):
        edited = DefinitionsTables(fields, members, workflows, customers, positions)
        document = document_from_tables(name, system.value, edited)
        try:
            new = definitions_from_dict(document, source="edited definitions")
        except DefinitionsError as problem:
            _show_problems(_("Nothing was saved. Fix these problems first:"),
                           problem.problems)
            return
        if new == definitions:
            st.info(_("Nothing changed: the active definitions are already these."))
            return
        _save(new, EDITED_SOURCE, definitions)


def _follow_revision(revision: int) -> None:
    """Restart the editors from the active revision whenever it changes (a save here,
    an import, or a teammate's save), so nobody saves over a newer revision unseen."""
    if st.session_state.get(EDITING_REVISION) != revision:
        if EDITING_REVISION in st.session_state:
            _forget_edits()
        st.session_state[EDITING_REVISION] = revision


def _forget_edits() -> None:
    for key in EDIT_KEYS:
        st.session_state.pop(key, None)


# ---- import, URL, export, history ---------------------------------------------------------

def _import_file(active: Definitions) -> None:
    st.caption(_("A YAML or JSON definitions document: a file you keep, for example one "
                 "exported from here."))
    uploaded = st.file_uploader(_("Definitions file"), type=["yaml", "yml", "json"],
                                key=P + "import_file")
    if uploaded is None:
        return
    if uploaded.size > MAX_FILE_BYTES:
        st.error(_("'{file}' is larger than {size} MB: it cannot be a definitions "
                   "document.").format(file=uploaded.name,
                                       size=MAX_FILE_BYTES // (1024 * 1024)))
        return
    try:
        candidate = parse_definitions(uploaded.getvalue(),
                                      source=f"definitions in '{uploaded.name}'")
    except DefinitionsError as problem:
        _show_problems(_("'{file}' cannot be used; nothing was saved:").format(
            file=uploaded.name), problem.problems)
        return
    _preview(candidate, active)
    if can_edit() and st.button(_("Use these definitions"), type="primary",
                                key=P + "import_use"):
        _save(candidate, f"imported from {uploaded.name}", active)


def _load_url(active: Definitions) -> None:
    if not can_edit():
        # The server fetches the address, with the keys set up for the app: only
        # someone who may change the definitions gets to choose where.
        st.info(_("Loading definitions from a URL is for those who can change them."))
        return
    try:
        settings = UrlFormSettings.from_settings(_secrets(), os.environ)
    except RemoteDefinitionsError as problem:  # names the setting, never its value
        st.error(_("A key set up for the app cannot be used: {problem}").format(
            problem=problem.message))
        return
    st.caption(_("Loads a YAML or JSON document over http or https: at most {size} MB by "
                 "default, 3 redirects, JSON, YAML or plain text only. A loaded address is "
                 "reused for {minutes} minutes unless you ask to load it again.").format(
        size=DEFAULT_MAX_BYTES // (1024 * 1024), minutes=URL_CACHE_SECONDS // 60))
    with st.form(P + "url_form"):
        url = st.text_input(_("Address"), value=settings.url, key=P + "url",
                            placeholder="https://example.com/definitions.yaml")
        rows = _key_rows(settings)
        timeout = st.number_input(_("Timeout (seconds)"), min_value=1, max_value=60,
                                  value=int(DEFAULT_TIMEOUT), key=P + "url_timeout")
        size_mb = st.number_input(_("Size limit (MB)"), min_value=1,
                                  max_value=DEFAULT_MAX_BYTES // (1024 * 1024),
                                  value=DEFAULT_MAX_BYTES // (1024 * 1024),
                                  key=P + "url_max_mb")
        fresh = st.checkbox(_("Load again even if loaded in the last few minutes"),
                            key=P + "url_fresh")
        submitted = st.form_submit_button(_("Load"), key=P + "url_load")
    if submitted:
        st.session_state.pop(URL_RESULT, None)
        try:
            headers = form_headers(rows, settings.configured)
        except RemoteDefinitionsError as problem:
            st.error(problem.message)
            return
        source = RemoteSource(url.strip(), secret_headers=headers, timeout=float(timeout),
                              max_bytes=int(size_mb) * 1024 * 1024)
        _fetch_url(source, fresh)
    loaded = st.session_state.get(URL_RESULT)
    if loaded is None:
        return
    candidate, shown = loaded
    st.markdown(_("Loaded from {address}").format(address=escape_markdown(shown)))
    _preview(candidate, active)
    if can_edit() and st.button(_("Use these definitions"), type="primary",
                                key=P + "url_use"):
        st.session_state.pop(URL_RESULT, None)
        _save(candidate, f"loaded from {shown}", active)


def _key_rows(settings: UrlFormSettings) -> list[tuple[str, str]]:
    """One row of key name + key value per expected key, plus spare rows. Values are
    password fields: typed, never shown back; a key set up for the app says so in its
    empty field instead of showing its value."""
    st.markdown(_("**Keys for this address** (only if it asks for them)"))
    st.caption(_("Upflow's API needs two: X-Api-Key and X-Api-Secret. Keys are sent only "
                 "to this address's own server, never shown or stored."))
    configured = {name.lower() for name in settings.configured_names}
    if configured:
        st.caption(_("Keys already set up for the app: {names}. They are sent without being "
                     "typed here; a value typed for the same name replaces one.").format(
            names=escape_markdown(", ".join(settings.configured_names))))
    names = [*settings.row_names, *[""] * SPARE_KEY_ROWS]
    rows = []
    for index, default in enumerate(names):
        visibility = "visible" if index == 0 else "collapsed"
        name_column, value_column = st.columns(2)
        name = name_column.text_input(_("Key name"), value=default,
                                      key=f"{P}url_key_name_{index}",
                                      placeholder=_("Another key's name, if needed"),
                                      label_visibility=visibility)
        hint = _("Set up for the app") if default.lower() in configured else _("Value")
        value = value_column.text_input(_("Key value"), type="password", placeholder=hint,
                                        key=f"{P}url_key_value_{index}",
                                        label_visibility=visibility)
        rows.append((name, value))
    return rows


def _fetch_url(source: RemoteSource, fresh: bool) -> None:
    if fresh:
        _fetch.clear()
    try:
        with st.spinner(_("Loading the definitions…")):
            candidate = _fetch(source)
    except RemoteDefinitionsError as problem:
        if problem.problems:
            _show_problems(_("The document at {address} is not valid definitions; nothing "
                             "was saved:").format(address=display_url(source.url)),
                           problem.problems)
        else:
            st.error(problem.message)
        return
    st.session_state[URL_RESULT] = (candidate, display_url(source.url))


@st.cache_data(ttl=URL_CACHE_SECONDS, max_entries=16, show_spinner=False)
def _fetch(source: RemoteSource) -> Definitions:
    """A URL's definitions, reused for a few minutes. The cache key is a hash of the
    request (the key included, so another key is another entry); errors are not kept."""
    return load_remote_definitions(source)


def _export(definitions: Definitions) -> None:
    st.caption(_("The active definitions as a document you can keep, review or give to "
                 "`preflight --definitions`."))
    stem = re.sub(r"[^A-Za-z0-9]+", "-", definitions.organization).strip("-").lower()
    stem = stem or "definitions"
    yaml_column, json_column = st.columns(2)
    yaml_column.download_button(_("Download YAML"), definitions.to_yaml,
                                file_name=f"{stem}.yaml", mime="application/yaml",
                                key=P + "export_yaml", on_click="ignore")
    json_column.download_button(_("Download JSON"), definitions.to_json,
                                file_name=f"{stem}.json", mime="application/json",
                                key=P + "export_json", on_click="ignore")


def _revisions(active: int) -> None:
    """The saved revisions, read again only when the active one changes (a save here
    or by a teammate, which every run reads): not on every rerun."""
    with st.expander(_("Saved revisions")):
        try:
            rows = memo.remembered("definitions_revisions", (active,),
                                   team.definitions_revisions)
        except team.StoreUnavailable as problem:
            st.error(problem.message)
            return
        frame = pd.DataFrame([(r, org, src, _when(at)) for r, org, src, at in rows],
                             columns=[_("revision"), _("organization"), _("source"),
                                      _("saved at")])
        st.dataframe(frame, hide_index=True, key=P + "revisions")


# ---- shared pieces ---------------------------------------------------------------------------

def _save(definitions: Definitions, source: str, previous: Definitions) -> None:
    """The one way this page changes the team's definitions."""
    if not can_edit():
        st.error(_("Only an admin can change the definitions."))
        return
    try:
        saved = team.save_definitions(definitions, source)
    except team.StoreUnavailable as problem:
        st.error(problem.message)
        return
    what = "; ".join(definitions_changes(previous, definitions)) or _("same content")
    st.session_state[FLASH] = _("Saved revision {revision} ({changes}). The next check uses "
                                "these definitions.").format(revision=saved.revision,
                                                             changes=what)
    st.rerun()  # the whole app, sidebar included, shows the new revision


def _show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(escape_markdown(message))


def _preview(candidate: Definitions, active: Definitions) -> None:
    st.markdown(escape_markdown(describe_definitions(candidate)))
    differences = definitions_changes(active, candidate)
    if differences:
        st.markdown(_("Saving them changes:") + "\n\n" + "\n".join(
            f"- {escape_markdown(line)}" for line in differences))
    else:
        st.info(_("These are the same as the active definitions."))


def _show_problems(intro: str, problems: list[str] | tuple[str, ...]) -> None:
    st.error(escape_markdown(intro) + "\n\n"
             + "\n".join(f"- {escape_markdown(problem)}" for problem in problems))


def _secrets() -> Mapping[str, Any]:
    """The secrets as plain dicts (nested tables included), or none without a file."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")




main()
