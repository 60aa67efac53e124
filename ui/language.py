"""The language of a session: the browser's, until the person picks one in the sidebar.

Set at the start of every run (app.py), before anything is written, so the whole page,
the engine's messages included, speaks one language (`checks.i18n`: a context variable
of the session's own thread, so two people in two languages never mix).
"""

from __future__ import annotations

import streamlit as st

from checks.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, language_of, set_language

#: The sidebar switch's session key.
KEY = "language"


def browser_language() -> str:
    """The language the browser asks for, when Preflight speaks it (else English)."""
    try:
        locale = st.context.locale
    except Exception:  # no browser behind the session (a script run without one)
        locale = None
    return language_of(locale) or DEFAULT_LANGUAGE


def apply() -> str:
    """Speak the session's language in this run: the person's choice, else the
    browser's. Returns it."""
    if st.session_state.get(KEY) not in LANGUAGES:
        st.session_state[KEY] = browser_language()
    return set_language(st.session_state[KEY])


def switch() -> None:
    """The sidebar's language picker (its label is in both languages, so a person who
    cannot read the current one still finds it)."""
    st.selectbox("Language · Langue", LANGUAGES, key=KEY,
                 format_func=LANGUAGE_NAMES.__getitem__)
