"""Sign-in and admin rights in the browser: the Streamlit side of `checks.views.access`.

Reads the secrets, the environment and `st.user` on every run (so a changed secret or
a sign-out takes effect at once), and draws the sign-in screen, the signed-in line of
the sidebar and the Definitions page's unlock form. The password typed into that form
is compared and dropped: the session keeps only `checks.views.access.unlock_token`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from checks.i18n import _
from checks.views import (
    Access,
    AccessConfig,
    Mode,
    PasswordThrottle,
    Visitor,
    decide,
    password_matches,
    unlock_token,
)
from ui import language

UNLOCKED = "access_unlocked"  # this session's unlock token
REFUSED = "access_refused"  # why the last unlock was refused, to show once
SIGN_IN_PROBLEM = "access_sign_in_problem"


def config() -> AccessConfig:
    return AccessConfig.from_settings(_secrets(), os.environ)


def current() -> Access:
    """What this session may do now."""
    return decide(config(), _visitor())


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}  # no secrets file: nothing configured


def _visitor() -> Visitor:
    user = st.user
    email = user.get("email")
    verified = user.get("email_verified")
    return Visitor(signed_in=user.get("is_logged_in") is True,
                   email=email if isinstance(email, str) else None,
                   email_verified=verified if isinstance(verified, bool) else None,
                   unlocked_with=st.session_state.get(UNLOCKED))


# ---- the whole app: sign-in ----------------------------------------------------------------

def sign_in_screen() -> None:
    """All a visitor sees before signing in, when sign-in is configured."""
    st.title("Preflight")
    st.write(_("Sign in to check customer files before they are imported into Upflow."))
    settings = config()
    choices: list[tuple[str, str | None]] = []
    if settings.default_provider or not settings.providers:
        choices.append((_("Sign in"), None))
    choices += [(_("Sign in with {provider}").format(provider=name), name)
                for name in settings.providers]
    for label, provider in choices:
        st.button(label, type="primary", key=f"access_sign_in_{provider or 'default'}",
                  on_click=_sign_in, args=(provider,), icon=":material/login:")
    problem = st.session_state.pop(SIGN_IN_PROBLEM, None)
    if problem:
        st.error(problem)


def _sign_in(provider: str | None) -> None:
    language.apply()  # a callback runs before the page: speak the session's language
    try:
        if provider is None:
            st.login()
        else:
            st.login(provider)
    except st.errors.StreamlitAuthError as problem:  # an incomplete [auth] section
        st.session_state[SIGN_IN_PROBLEM] = _(
            "Sign-in is not set up correctly, so nobody can sign in yet. Tell whoever "
            "runs this app: {problem}").format(problem=" ".join(str(problem).split()))


def account_sidebar(access: Access) -> None:
    """Who is signed in, and the way out (sign-in mode only)."""
    if access.mode is not Mode.SIGN_IN:
        return
    email = st.user.get("email")
    if isinstance(email, str) and email:
        st.caption(_("Signed in as {email}").format(email=email))
    st.button(_("Sign out"), key="access_sign_out", on_click=st.logout,
              icon=":material/logout:")


# ---- the Definitions page: may this session edit? ---------------------------------------

def editing_panel(prefix: str) -> Access:
    """Say whether this session may change the definitions, with the unlock form or
    the Lock button in password mode, and what to set up (for whoever deploys the
    app) in a collapsed expander. Widget keys start with the page's `prefix`."""
    access = current()
    if access.mode is Mode.PASSWORD:
        _password_panel(access, prefix)
    elif access.may_edit:
        st.caption(access.message)
    else:
        st.info(access.message, icon=":material/lock:")
    if access.setup:
        # For whoever deploys the app, not for the finance user reading the page.
        with st.expander(_("For whoever installs Preflight: how to allow editing"), expanded=False):
            st.caption(access.setup)
    return access


def _password_panel(access: Access, prefix: str) -> None:
    if access.may_edit:
        message, lock = st.columns([5, 1], vertical_alignment="center")
        message.success(access.message, icon=":material/lock_open:")
        lock.button(_("Lock"), key=prefix + "lock", on_click=_lock, icon=":material/lock:")
        return
    st.info(access.message, icon=":material/lock:")
    with st.form(prefix + "unlock_form", clear_on_submit=True, enter_to_submit=True):
        st.text_input(_("Admin password"), type="password", key=prefix + "admin_password",
                      autocomplete="current-password")
        st.form_submit_button(_("Unlock editing"), key=prefix + "unlock",
                              on_click=_unlock, args=(prefix + "admin_password",))
    refused = st.session_state.pop(REFUSED, None)
    if refused:
        st.error(refused)


@st.cache_resource(show_spinner=False)
def _throttle() -> PasswordThrottle:
    """One for the whole server: wrong passwords from every session count together."""
    return PasswordThrottle()


def _unlock(password_key: str) -> None:
    """Runs before the page: the form's password is read here and never kept."""
    language.apply()  # a callback runs before the page: speak the session's language
    settings = config()
    typed = st.session_state.get(password_key) or ""
    st.session_state[password_key] = ""
    throttle, now = _throttle(), time.monotonic()
    wait = throttle.wait(now)
    if wait > 0:
        st.session_state[REFUSED] = _("Too many wrong passwords: try again in {seconds} "
                                      "seconds.").format(seconds=math.ceil(wait))
    elif password_matches(settings, typed):
        st.session_state[UNLOCKED] = unlock_token(settings)
        st.session_state.pop(REFUSED, None)
    else:
        throttle.failed(now)
        st.session_state.pop(UNLOCKED, None)
        st.session_state[REFUSED] = _("Wrong password: the definitions stay read-only.")


def _lock() -> None:
    st.session_state.pop(UNLOCKED, None)
