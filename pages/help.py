"""Help & templates: every rule the checker applies, and blank import templates.

The help text is the rule catalogue's own (`checks.RULES`), so this page and the
findings can never disagree. The check page links here with `?rule=<code>`: that rule
comes first, opened. Templates are built from the organization's active definitions
when a button is clicked, so they always hold today's custom fields.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

import streamlit as st

from checks import (
    FIXES,
    RULES,
    SEPARATORS,
    TEMPLATE_SECTIONS,
    Rule,
    allowed_values,
    left_out,
    template_columns,
    template_csv,
)
from checks.i18n import N_, _, pgettext
from checks.views import escape_markdown, separator_label
from ui import memo, session, team

session.require_app()

SCOPES = {"file": N_("About the whole file"), "column": N_("About a column"),
          "cell": N_("About the values in the cells")}
#: Streamlit's bundled Material Symbols (no emoji font needed, nothing fetched), each
#: beside the severity's word in the title: the icon is never the only sign.
SEVERITY_ICONS = {"error": ":material/error:", "warning": ":material/warning:",
                  "info": ":material/info:"}
SECTION_LABELS = {"details": N_("Details"), "groups": N_("Groups and entities"),
                  "assignment": N_("Assignment"), "custom-fields": N_("Custom fields"),
                  "contacts": N_("Contacts"), "all": N_("All of the above")}
_FIX_OF_RULE = {code: fix for fix in FIXES for code in fix.rules}
_SHOWABLE_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")


# ── rules ───────────────────────────────────────────────────────────────────────────

def _requested_rule() -> Rule | None:
    """The rule named by `?rule=`, if any; an unknown name gets a plain warning."""
    code = st.query_params.get("rule")
    if not code:
        return None
    if code in RULES:
        return RULES[code]
    if _SHOWABLE_CODE.fullmatch(code):
        st.warning(_("There is no rule called “{code}”. Every rule is listed below.")
                   .format(code=code))
    else:
        st.warning(_("There is no rule with that name. Every rule is listed below."))
    return None


def _severity(rule: Rule) -> str:
    """The rule's severity as the page's language names it."""
    names = {"error": pgettext("severity", "error"),
             "warning": pgettext("severity", "warning"),
             "info": pgettext("severity", "info")}
    return names[rule.severity.value]


def _searchable(text: str) -> str:
    """Text as the search compares it: case and accents left out, so "echeance"
    finds "Échéance"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _texts() -> dict[str, str]:
    """Each rule's texts as the page shows them (translated) and its code, as the
    search compares them; made once per language (`ui.memo`), not on every rerun."""
    return memo.remembered("help_searchable", (), lambda: {
        rule.code: _searchable(" ".join((rule.code, _(rule.title), _severity(rule),
                                         _(rule.meaning), _(rule.why), _(rule.how_to_fix))))
        for rule in RULES.values()})


def _matches(rule: Rule, words: list[str]) -> bool:
    """Whether every word is in the rule's texts as the page shows them (translated),
    or in its code."""
    text = _texts()[rule.code]
    return all(_searchable(word) in text for word in words)


def _show_rule(rule: Rule, *, expanded: bool = False) -> None:
    with st.expander(f"**{_(rule.title)}** · `{rule.code}` · {_severity(rule)}",
                     expanded=expanded, icon=SEVERITY_ICONS[rule.severity.value]):
        st.markdown(_("**What it means.** {meaning}\n\n"
                      "**Why Upflow cares.** {why}\n\n"
                      "**How to fix it.** {how_to_fix}").format(
            meaning=_(rule.meaning), why=_(rule.why), how_to_fix=_(rule.how_to_fix)))
        fix = _FIX_OF_RULE.get(rule.code)
        if fix is not None:
            st.caption(_("Preflight can fix this for you when it is sure: “{fix}” on the Fix "
                         "& export page.").format(fix=_(fix.title)))


def _show_rules() -> None:
    st.subheader(_("What each check means"))
    requested = _requested_rule()
    if requested is not None:
        st.caption(_("The rule you asked about:"))
        _show_rule(requested, expanded=True)
    query = st.text_input(_("Search the rules"), key="help_search",
                          placeholder=_("e.g. email, date, workflow, duplicate"))
    words = query.casefold().split()
    others = [rule for rule in RULES.values() if rule is not requested and _matches(rule, words)]
    if not others and requested is None:
        st.info(_("No rule matches your search."))
    for scope, heading in SCOPES.items():
        in_scope = [rule for rule in others if rule.scope.value == scope]
        if in_scope:
            st.markdown(f"#### {_(heading)}")
            for rule in in_scope:
                _show_rule(rule)


# ── templates ───────────────────────────────────────────────────────────────────────

def _show_templates() -> None:
    st.subheader(_("Blank import templates"))
    definitions = team.active_definitions().definitions
    st.caption(_("Built for {organization}: its Upflow-managed custom fields are included, "
                 "and columns its source system does not let it update by CSV are left out.")
               .format(organization=definitions.organization))
    separator = st.radio(_("Separator"), SEPARATORS, format_func=separator_label,
                         horizontal=True, key="help_separator")
    columns = st.columns(3)
    for index, name in enumerate(TEMPLATE_SECTIONS):
        with columns[index % 3]:
            label = _(SECTION_LABELS[name]) if name in SECTION_LABELS else name
            st.download_button(_("{section} template").format(section=label),
                               partial(template_csv, [name], definitions, separator),
                               file_name=f"upflow_{name}_template.csv", mime="text/csv",
                               key=f"help_template_{name}", on_click="ignore",
                               width="stretch")
            st.caption(", ".join(template_columns([name], definitions)))
            blocked = left_out([name], definitions)
            if blocked:
                st.caption(_("Left out for your source system: {columns}").format(
                    columns=", ".join(blocked)))
            for line in allowed_values([name], definitions):
                st.caption(escape_markdown(line))


# ── the page ────────────────────────────────────────────────────────────────────────

st.title(_("Help & templates"))
_show_rules()
_show_templates()
