"""Help & templates: every rule the checker applies, and blank import templates.

The help text is the rule catalogue's own (`checks.RULES`), so this page and the
findings can never disagree. The check page links here with `?rule=<code>`: that rule
comes first, opened. Templates are built from the organization's active definitions
when a button is clicked, so they always hold today's custom fields.
"""

from __future__ import annotations

import re
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
from checks.views import escape_markdown, separator_label
from ui import session, team

session.require_app()

SCOPES = {"file": "About the whole file", "column": "About a column",
          "cell": "About the values in the cells"}
SEVERITY_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}
SECTION_LABELS = {"details": "Details", "groups": "Groups and entities",
                  "assignment": "Assignment", "custom-fields": "Custom fields",
                  "contacts": "Contacts", "all": "All of the above"}
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
    shown = f" called “{code}”" if _SHOWABLE_CODE.fullmatch(code) else " with that name"
    st.warning(f"There is no rule{shown}. Every rule is listed below.")
    return None


def _matches(rule: Rule, words: list[str]) -> bool:
    text = " ".join((rule.code, rule.title, rule.severity.value, rule.meaning, rule.why,
                     rule.how_to_fix)).casefold()
    return all(word in text for word in words)


def _show_rule(rule: Rule, *, expanded: bool = False) -> None:
    icon = SEVERITY_ICONS[rule.severity.value]
    with st.expander(f"{icon} **{rule.title}** · `{rule.code}` · {rule.severity.value}",
                     expanded=expanded):
        st.markdown(f"**What it means.** {rule.meaning}\n\n"
                    f"**Why Upflow cares.** {rule.why}\n\n"
                    f"**How to fix it.** {rule.how_to_fix}")
        fix = _FIX_OF_RULE.get(rule.code)
        if fix is not None:
            st.caption(f"Preflight can fix this for you when it is sure: “{fix.title}” on "
                       "the Fix & export page.")


def _show_rules() -> None:
    st.subheader("What each check means")
    requested = _requested_rule()
    if requested is not None:
        st.caption("The rule you asked about:")
        _show_rule(requested, expanded=True)
    query = st.text_input("Search the rules", key="help_search",
                          placeholder="e.g. email, date, workflow, duplicate")
    words = query.casefold().split()
    others = [rule for rule in RULES.values() if rule is not requested and _matches(rule, words)]
    if not others and requested is None:
        st.info("No rule matches your search.")
    for scope, heading in SCOPES.items():
        in_scope = [rule for rule in others if rule.scope.value == scope]
        if in_scope:
            st.markdown(f"#### {heading}")
            for rule in in_scope:
                _show_rule(rule)


# ── templates ───────────────────────────────────────────────────────────────────────

def _show_templates() -> None:
    st.subheader("Blank import templates")
    definitions = team.active_definitions().definitions
    st.caption(f"Built for {definitions.organization}: its Upflow-managed custom fields are "
               "included, and columns its source system does not let it update by CSV are "
               "left out.")
    separator = st.radio("Separator", SEPARATORS, format_func=separator_label,
                         horizontal=True, key="help_separator")
    columns = st.columns(3)
    for index, name in enumerate(TEMPLATE_SECTIONS):
        with columns[index % 3]:
            label = SECTION_LABELS.get(name, name)
            st.download_button(f"{label} template", partial(template_csv, [name], definitions,
                                                            separator),
                               file_name=f"upflow_{name}_template.csv", mime="text/csv",
                               key=f"help_template_{name}", on_click="ignore",
                               width="stretch")
            st.caption(", ".join(template_columns([name], definitions)))
            blocked = left_out([name], definitions)
            if blocked:
                st.caption(f"Left out for your source system: {', '.join(blocked)}")
            for line in allowed_values([name], definitions):
                st.caption(escape_markdown(line))


# ── the page ────────────────────────────────────────────────────────────────────────

st.title("Help & templates")
_show_rules()
_show_templates()
