"""Preflight in the browser: navigation, page config and the sidebar status.

Each page is a thin file in `pages/`; reading, checking and fixing come from `checks`,
and the state the pages share goes through `ui/session.py`. When sign-in is
configured, a visitor who has not signed in gets the sign-in screen and nothing else
(`ui/access.py`): no page is even registered for that session.
"""

from pathlib import Path

import streamlit as st

from checks import source_label
from checks.i18n import _
from checks.views import source_system_label
from ui import access, language, session, team

#: The page icon, served by the app itself (a Material icon would be fetched from a font
#: server on the internet by every browser that opens a page).
ICON = Path(__file__).with_name("static") / "icon.png"

st.set_page_config(page_title="Preflight", page_icon=str(ICON), layout="wide")
language.apply()
session.keep_uploads_in_memory()

admission = access.current()
if not admission.admitted:
    st.navigation([st.Page(access.sign_in_screen, title=_("Sign in"), icon=":material/login:")],
                  position="hidden").run()
    st.stop()

PAGES = [
    st.Page("pages/check.py", title=_("Check a file"), icon=":material/search:", default=True),
    st.Page("pages/fix.py", title=_("Fix & export"), icon=":material/build:"),
    st.Page("pages/dashboard.py", title=_("Dashboard"), icon=":material/bar_chart:"),
    st.Page("pages/history.py", title=_("History"), icon=":material/history:"),
    st.Page("pages/match.py", title=_("Identifier match"), icon=":material/join_inner:"),
    st.Page("pages/definitions.py", title=_("Definitions"), icon=":material/tune:"),
    st.Page("pages/help.py", title=_("Help & templates"), icon=":material/help:"),
]
navigation = st.navigation(PAGES)

with st.sidebar:
    try:
        active = team.active_definitions()
    except team.StoreUnavailable as problem:
        st.error(problem.message)
        st.stop()
    st.markdown(f"**{active.definitions.organization}**")
    st.caption(_("Source system: {system} · definitions from {source}").format(
        system=source_system_label(active.definitions.source_system),
        source=source_label(active.source)))
    file_line = st.empty()
    access.account_sidebar(admission)
    language.switch()

session.mark_app_ready()
try:
    navigation.run()
finally:
    # After the page, which may just have taken a new file (or stopped early): the
    # sidebar names the file this run checked, not the one before it.
    upload = session.current_upload()
    if upload is not None:
        file_line.caption(_("File: {name}").format(name=upload.name))
