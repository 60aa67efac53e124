"""Who may change the definitions, both ways, in each mode: read-only without an admin,
the admin password unlocking one session, and sign-in (OpenID Connect) with admin
emails, where nobody gets into the app without signing in."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
import streamlit
from streamlit.testing.v1 import AppTest

from checks.store.database import Store
from tests.app.conftest import ADMIN_PASSWORD, APP, unlock_editing

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "preflight-test", "client_secret": "client-s3cret",
        "server_metadata_url": "https://id.example/.well-known/openid-configuration"}
ADMIN = "ada@northwind.example"
EDIT_KEYS = ("definitions_custom_fields", "definitions_members", "definitions_workflows",
             "definitions_customers")


def texts(at: AppTest) -> str:
    """Everything the app says, sidebar included, markdown escapes removed."""
    parts = [e.value for kind in (at.error, at.warning, at.info, at.success, at.markdown,
                                  at.caption, at.title, at.subheader) for e in kind]
    return "\n".join(parts).replace("\\", "")


def saved_organizations(database_url: str) -> list[str]:
    engine = sa.create_engine(database_url)
    try:
        return [org for _, org, _, _ in Store(engine).revisions()]
    finally:
        engine.dispose()


def first_page(secrets: dict[str, Any] | None = None,
               user: dict[str, Any] | None = None) -> AppTest:
    """A new session on the app's first page. Secrets are always given, so a local
    .streamlit/secrets.toml cannot change what the test sees."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, section in (secrets or {"preflight": {}}).items():
        at.secrets[name] = section
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


def definitions_page(secrets: dict[str, Any] | None = None,
                     user: dict[str, Any] | None = None,
                     at: AppTest | None = None) -> AppTest:
    """A new session (or `at`) on the Definitions page."""
    at = at or first_page(secrets, user)
    at.switch_page("pages/definitions.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Definitions"
    return at


def assert_read_only(at: AppTest) -> None:
    assert at.text_input(key="definitions_name").disabled
    assert at.text_input(key="definitions_source_system_shown").disabled
    keys = {b.key for b in at.button}
    assert not keys & {"definitions_save", "definitions_discard", "definitions_url_load"}
    assert "Loading definitions from a URL is for those who can change them" in texts(at)


def assert_editable(at: AppTest) -> None:
    assert not at.text_input(key="definitions_name").disabled
    assert {"definitions_save", "definitions_discard"} <= {b.key for b in at.button}


def rename_and_save(at: AppTest, name: str) -> None:
    at.text_input(key="definitions_name").set_value(name).run()
    at.button(key="definitions_save").click().run()
    assert not at.exception, at.exception
    assert "Saved revision 2" in texts(at)


# ---- nothing configured ---------------------------------------------------------------------

def test_without_an_admin_the_page_is_read_only_and_says_how_to_enable_editing(
        own_database: str) -> None:
    at = definitions_page()
    assert_read_only(at)
    # The finance user is told whom to ask; how to set up editing is for whoever
    # deploys the app, in a collapsed expander titled for them.
    assert [i.value for i in at.info][0] == ("The definitions are read-only. Ask an admin of "
                                             "your team to change the definitions.")
    setup = [e for e in at.expander if "whoever installs Preflight" in e.label]
    assert len(setup) == 1 and not setup[0].proto.expanded
    said = " ".join(c.value for c in setup[0].caption)
    assert "PREFLIGHT_ADMIN_PASSWORD" in said and "admin_emails" in said
    assert "PREFLIGHT_ADMIN_PASSWORD" not in at.info[0].value
    assert not [w for w in at.text_input if w.key == "definitions_admin_password"]
    # An edit the browser might still send changes nothing: there is no way to save it.
    at.session_state["definitions_workflows"] = {
        "edited_rows": {}, "added_rows": [{"workflow": "Express"}], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert "Express" not in list(at.data_editor(key="definitions_workflows").value["workflow"])
    assert "definitions_save" not in {b.key for b in at.button}
    assert saved_organizations(own_database) == ["Northwind Trading"]


def test_without_an_admin_an_import_is_previewed_but_cannot_be_used() -> None:
    at = definitions_page()
    at.file_uploader(key="definitions_import_file").set_value(
        ("org.yaml", b"organization: Other Co\nsource_system: api\n", "application/yaml")).run()
    assert not at.exception
    assert "organization: Northwind Trading → Other Co" in texts(at)
    assert "definitions_import_use" not in {b.key for b in at.button}


def test_checking_files_needs_no_admin() -> None:
    at = first_page()
    assert at.title[0].value == "Check a file"
    assert at.file_uploader, "anyone can upload a file to check"


# ---- password mode --------------------------------------------------------------------------

def test_a_wrong_password_is_refused(admin_password: str, own_database: str) -> None:
    at = definitions_page()
    assert "read-only until you enter the admin password" in texts(at)
    assert_read_only(at)
    unlock_editing(at, "not-the-password")
    assert "Wrong password: the definitions stay read-only." in [e.value for e in at.error]
    assert_read_only(at)
    assert at.text_input(key="definitions_admin_password").value == ""
    assert "not-the-password" not in texts(at)
    assert saved_organizations(own_database) == ["Northwind Trading"]


def test_wrong_passwords_from_every_session_are_throttled(
        admin_password: str, own_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five wrong tries a minute for the whole server: a sixth session is refused even
    with the right password, until the first wrong try is a minute old."""
    from ui import access

    clock = [1000.0]
    monkeypatch.setattr(access.time, "monotonic", lambda: clock[0])
    for attempt in range(5):
        unlock_editing(definitions_page(), f"guess-{attempt}")  # a new session each time
    at = definitions_page()
    unlock_editing(at)
    assert "Too many wrong passwords: try again in 60 seconds." in [e.value for e in at.error]
    assert_read_only(at)
    clock[0] += 60.0
    unlock_editing(at)
    assert not at.error
    assert_editable(at)


def test_the_right_password_unlocks_editing_then_lock(admin_password: str,
                                                       own_database: str) -> None:
    at = definitions_page()
    unlock_editing(at)
    assert "Editing is unlocked for this browser session." in texts(at)
    assert not at.error
    assert_editable(at)
    assert admin_password not in texts(at)
    assert not [w for w in at.text_input if w.key == "definitions_admin_password"]
    assert at.session_state["access_unlocked"] != admin_password

    rename_and_save(at, "Northwind Europe")
    assert saved_organizations(own_database) == ["Northwind Europe", "Northwind Trading"]
    assert_editable(at)

    at.text_input(key="definitions_name").set_value("Unsaved draft").run()
    at.button(key="definitions_lock").click().run()
    assert not at.exception
    assert_read_only(at)
    assert at.text_input(key="definitions_name").value == "Northwind Europe"
    assert "read-only until you enter the admin password" in texts(at)
    unlock_editing(at)
    assert_editable(at)


def test_the_unlock_lasts_for_the_session_only(admin_password: str) -> None:
    unlock_editing(definitions_page())
    assert_read_only(definitions_page())  # another browser session


def test_a_new_password_locks_unlocked_sessions(admin_password: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    at = unlock_editing(definitions_page())
    assert_editable(at)
    monkeypatch.setenv("PREFLIGHT_ADMIN_PASSWORD", "rotated-password")
    at.run()
    assert not at.exception
    assert_read_only(at)


def test_the_password_may_come_from_secrets() -> None:
    at = definitions_page({"preflight": {"admin_password": "from-secrets"}})
    unlock_editing(at, "from-secrets")
    assert_editable(at)


def test_the_environment_password_wins_over_the_secrets(admin_password: str) -> None:
    at = definitions_page({"preflight": {"admin_password": "from-secrets"}})
    unlock_editing(at, "from-secrets")
    assert_read_only(at)
    unlock_editing(at, ADMIN_PASSWORD)
    assert_editable(at)


def test_locked_page_widget_keys_are_prefixed(admin_password: str) -> None:
    at = definitions_page()
    widgets = [*at.text_input, *at.button]
    assert {"definitions_admin_password", "definitions_unlock"} <= {w.key for w in widgets}
    assert all(w.key and w.key.startswith("definitions_") for w in widgets)


# ---- sign-in mode ---------------------------------------------------------------------------

def signed_in_secrets(admins: list[str] | None = None) -> dict[str, Any]:
    return {"auth": AUTH, "preflight": {"admin_emails": [ADMIN] if admins is None else admins,
                                        "admin_password": "ignored-with-sign-in"}}


def signed_out_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, section in signed_in_secrets().items():
        at.secrets[name] = section
    at.user = {"is_logged_in": False}
    return at


def assert_sign_in_screen_only(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Preflight"]
    assert [b.key for b in at.button] == ["access_sign_in_default"]
    assert at.button[0].label == "Sign in"
    assert not at.sidebar.markdown and not at.sidebar.caption and not at.sidebar.button
    said = texts(at)
    assert "Northwind" not in said and "Check a file" not in said
    assert not at.file_uploader and not at.text_input and not at.dataframe


def test_signed_out_visitors_see_only_the_sign_in_screen() -> None:
    at = signed_out_app().run()
    assert_sign_in_screen_only(at)
    with pytest.raises(ValueError, match="registered"):
        at.switch_page("pages/definitions.py")


def test_a_direct_visit_to_a_page_also_gets_the_sign_in_screen() -> None:
    at = signed_out_app()
    at.switch_page("pages/definitions.py")  # before the first run: an address typed in
    assert_sign_in_screen_only(at.run())


def test_the_sign_in_button_starts_streamlit_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(streamlit, "login", lambda *args: calls.append(args))
    at = signed_out_app().run()
    at.button(key="access_sign_in_default").click().run()
    assert not at.exception
    assert calls == [()]


def test_a_sign_in_that_cannot_start_is_a_plain_message() -> None:
    """AppTest's sign-in has no provider to reach, so the real st.login fails the way
    a broken [auth] setup does."""
    at = signed_out_app().run()
    at.button(key="access_sign_in_default").click().run()
    assert not at.exception
    assert "Sign-in is not set up correctly" in " ".join(e.value for e in at.error)


def test_named_providers_get_a_button_each() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": AUTH["redirect_uri"],
                          "cookie_secret": AUTH["cookie_secret"],
                          "google": {"client_id": "g", "client_secret": "s",
                                     "server_metadata_url": AUTH["server_metadata_url"]},
                          "okta": {"client_id": "o", "client_secret": "s",
                                   "server_metadata_url": AUTH["server_metadata_url"]}}
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with google", "Sign in with okta"]


def test_a_signed_in_non_admin_checks_files_but_reads_the_definitions(
        own_database: str) -> None:
    at = first_page(signed_in_secrets(),
                    {"is_logged_in": True, "email": "sam@northwind.example"})
    assert at.title[0].value == "Check a file" and at.file_uploader
    assert "Signed in as sam@northwind.example" in [c.value for c in at.sidebar.caption]
    assert "access_sign_out" in {b.key for b in at.sidebar.button}
    definitions_page(at=at)
    assert_read_only(at)
    said = texts(at)
    assert "signed in as sam@northwind.example" in said
    assert f"Ask an admin of your team to change the definitions: {ADMIN}." in said
    assert not [e for e in at.expander if "whoever installs Preflight" in e.label]
    assert not [w for w in at.text_input if w.key == "definitions_admin_password"]
    assert saved_organizations(own_database) == ["Northwind Trading"]


def test_a_signed_in_admin_edits_whatever_the_case_of_the_email(own_database: str) -> None:
    at = definitions_page(signed_in_secrets(),
                          {"is_logged_in": True, "email": "Ada@Northwind.Example",
                           "email_verified": True})
    assert "an admin: you can change the definitions" in texts(at)
    assert_editable(at)
    rename_and_save(at, "Northwind Europe")
    assert saved_organizations(own_database) == ["Northwind Europe", "Northwind Trading"]


def test_without_admin_emails_nobody_edits_even_signed_in() -> None:
    at = definitions_page(signed_in_secrets(admins=[]),
                          {"is_logged_in": True, "email": ADMIN})
    assert_read_only(at)
    assert "Ask an admin of your team to change the definitions." in texts(at)
    setup = [e for e in at.expander if "whoever installs Preflight" in e.label]
    assert "admin_emails under [preflight]" in setup[0].caption[0].value


def test_signing_out_returns_to_the_sign_in_screen() -> None:
    at = first_page(signed_in_secrets(), {"is_logged_in": True, "email": ADMIN})
    at.button(key="access_sign_out").click().run()
    assert_sign_in_screen_only(at)
    assert at.user == {"is_logged_in": False}
