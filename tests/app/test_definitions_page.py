"""The Definitions page: shows the active organization, edits, imports and URL loads save
for the whole team (one shared store), and every mistake is a plain message. Editing
takes an admin: these tests run in password mode, unlocked (tests/app/test_access_page.py
covers who may edit)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import TextInput

from checks import check_table, read_table
from checks.store.database import Store
from tests.app.conftest import APP, unlock_editing
from tests.http_server import Answer, Served, serve_fixture  # noqa: F401

SECRET = "page-s3cret-77aa"
NEW_ORG = b"""organization: Imported Co
source_system: salesforce_api
custom_fields:
  - {name: Region, type: single_select, options: [North, South], managed: upflow}
members:
  - {email: ola@imported.example, roles: [account_manager]}
workflows: [Gentle]
"""


@pytest.fixture(autouse=True)
def forget_fetched_urls() -> None:
    """The page caches URL loads for minutes; a later test may get the same free port."""
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def editing_needs_this_password(admin_password: str) -> str:
    return admin_password


@pytest.fixture
def page(open_page: Callable[[str], AppTest]) -> AppTest:
    return unlock_editing(open_page("definitions"))


def texts(at: AppTest) -> str:
    """Everything the page says (alerts, markdown, captions), markdown escapes removed."""
    parts = [e.value for kind in (at.error, at.warning, at.info, at.success, at.markdown,
                                  at.caption, at.title, at.subheader) for e in kind]
    return "\n".join(parts).replace("\\", "")


def revisions(database_url: str) -> list[tuple[int, str, str]]:
    engine = sa.create_engine(database_url)
    try:
        return [(r, org, src) for r, org, src, _ in Store(engine).revisions()]
    finally:
        engine.dispose()


def fresh_app_sidebar() -> str:
    """A new session (another teammate) on the same database: what its sidebar says."""
    other = AppTest.from_file(APP, default_timeout=60).run()
    assert not other.exception, other.exception
    return " ".join(m.value for m in other.sidebar.markdown) + " " + " ".join(
        c.value for c in other.sidebar.caption)


def test_shows_the_active_organization(page: AppTest) -> None:
    assert page.title[0].value == "Definitions"
    assert page.text_input(key="definitions_name").value == "Northwind Trading"
    assert page.selectbox(key="definitions_source_system").value.value == "api"
    fields = page.data_editor(key="definitions_custom_fields").value
    assert list(fields["name"]) == ["Segment", "Tags", "Contract end", "Credit limit",
                                    "Direct debit", "Collector notes", "NetSuite Id",
                                    "Salesforce Account Id"]
    assert fields.set_index("name").loc["NetSuite Id", "managed"] == "synced"
    members = page.data_editor(key="definitions_members").value
    assert "jonas.weber@northwind.example" in list(members["email"])
    assert list(page.data_editor(key="definitions_workflows").value["workflow"])[0] == (
        "Standard")
    assert "C-9001" in list(page.data_editor(key="definitions_customers").value["id"])
    assert list(page.data_editor(key="definitions_positions").value["position"]) == [
        "Accounting", "Sales", "Purchaser", "Payer"]
    assert "Active: revision 1" in texts(page)


def test_source_system_explains_what_can_be_imported(page: AppTest) -> None:
    def rights() -> dict[str, str]:
        frame = page.dataframe[0].value
        return dict(zip(frame["what"], frame["can be updated by CSV"], strict=True))

    assert rights()["Details"] == "yes"
    page.selectbox(key="definitions_source_system").set_value(
        next(o for o in page.selectbox(key="definitions_source_system").options
             if o == "Salesforce with native integration")).run()
    assert not page.exception
    assert rights()["Details"] == "no"
    assert rights()["Account managers and workflows"] == "no"


def test_every_widget_key_is_prefixed(page: AppTest) -> None:
    widgets = [*page.text_input, *page.selectbox, *page.button, *page.number_input,
               *page.checkbox, *page.file_uploader, *page.download_button]
    assert widgets
    assert all(w.key and w.key.startswith("definitions_") for w in widgets)


def test_rename_and_save_applies_to_the_whole_team(page: AppTest, own_database: str) -> None:
    page.text_input(key="definitions_name").set_value("Northwind Europe").run()
    page.selectbox(key="definitions_source_system").set_value(
        "Salesforce with API").run()
    page.button(key="definitions_save").click().run()
    assert not page.exception
    said = texts(page)
    assert "Saved revision 2" in said and "Northwind Trading → Northwind Europe" in said
    assert "Active: revision 2" in said and "edited on the Definitions page" in said
    assert page.text_input(key="definitions_name").value == "Northwind Europe"
    assert revisions(own_database)[0] == (2, "Northwind Europe",
                                          "edited on the Definitions page")
    sidebar = fresh_app_sidebar()
    assert "Northwind Europe" in sidebar and "Salesforce with API" in sidebar


def test_add_a_workflow_through_the_data_editor(page: AppTest, own_database: str) -> None:
    """AppTest cannot type into a data editor, but it can hand the script the edit state
    the browser would send (added_rows), which is what the page reads."""
    page.session_state["definitions_workflows"] = {
        "edited_rows": {}, "added_rows": [{"workflow": "Express"}], "deleted_rows": []}
    page.run()
    page.button(key="definitions_save").click().run()
    assert not page.exception
    assert "workflows added: Express" in texts(page)
    assert "Express" in list(page.data_editor(key="definitions_workflows").value["workflow"])
    assert len(revisions(own_database)) == 2


def test_rename_a_position_and_the_check_follows(page: AppTest, own_database: str) -> None:
    """Upflow lets an organization rename its positions: Accounting becomes Accountant
    here, and the next check of a contacts file knows only the new name."""
    page.session_state["definitions_positions"] = {
        "edited_rows": {0: {"position": "Accountant"}}, "added_rows": [], "deleted_rows": []}
    page.run()
    page.button(key="definitions_save").click().run()
    assert not page.exception
    said = texts(page)
    assert "contact positions added: Accountant" in said
    assert "contact positions removed: Accounting" in said
    engine = sa.create_engine(own_database)
    try:
        definitions = Store(engine).active_definitions().definitions
    finally:
        engine.dispose()
    assert definitions.positions == ("Accountant", "Sales", "Purchaser", "Payer")
    contacts = ("Customer name;Client ID (External ID);Contact email address;Position\r\n"
                "Acme;C-1;a@acme.example;Accounting\r\nAcme;C-1;b@acme.example;accountant\r\n")
    findings = check_table(read_table(contacts.encode(), "contacts.csv"), definitions).findings
    invalid = findings[findings["rule"] == "position_invalid"]
    assert list(invalid["value"]) == ["Accounting", "accountant"]
    assert list(invalid["fix"]) == [None, "Accountant"]


def test_invalid_edits_list_every_problem_and_save_nothing(page: AppTest,
                                                           own_database: str) -> None:
    page.session_state["definitions_members"] = {
        "edited_rows": {0: {"email": "Camille.Martin@northwind.example"}},
        "added_rows": [{"email": "not an email", "roles": "account_manager"}],
        "deleted_rows": []}
    page.run()
    page.text_input(key="definitions_name").set_value("  ").run()
    page.button(key="definitions_save").click().run()
    assert not page.exception
    errors = " ".join(e.value for e in page.error).replace("\\", "")
    assert "Nothing was saved" in errors
    assert "'organization' must be a non-empty name" in errors
    assert "must be lowercase" in errors and "bad email 'not an email'" in errors
    assert len(revisions(own_database)) == 1


def test_discard_returns_to_the_active_definitions(page: AppTest) -> None:
    page.text_input(key="definitions_name").set_value("Draft name").run()
    page.button(key="definitions_discard").click().run()
    assert not page.exception
    assert page.text_input(key="definitions_name").value == "Northwind Trading"


def test_save_without_changes_saves_nothing(page: AppTest, own_database: str) -> None:
    page.button(key="definitions_save").click().run()
    assert "Nothing changed" in texts(page)
    assert len(revisions(own_database)) == 1


def test_import_a_file(page: AppTest, own_database: str) -> None:
    page.file_uploader(key="definitions_import_file").set_value(
        ("org.yaml", NEW_ORG, "application/yaml")).run()
    assert not page.exception
    said = texts(page)
    assert "Imported Co: source system Salesforce with API" in said
    assert "organization: Northwind Trading → Imported Co" in said
    assert len(revisions(own_database)) == 1, "a preview saves nothing"
    page.button(key="definitions_import_use").click().run()
    assert not page.exception
    assert revisions(own_database)[0] == (2, "Imported Co", "imported from org.yaml")
    assert page.text_input(key="definitions_name").value == "Imported Co"
    assert "Imported Co" in fresh_app_sidebar()


def test_an_invalid_import_lists_problems_and_saves_nothing(page: AppTest,
                                                            own_database: str) -> None:
    bad = b"organization: X\nsource_system: sap\nworkflows: [A, A]\ncolour: blue\n"
    page.file_uploader(key="definitions_import_file").set_value(
        ("bad.yaml", bad, "application/yaml")).run()
    assert not page.exception
    errors = " ".join(e.value for e in page.error).replace("\\", "")
    assert "'bad.yaml' cannot be used; nothing was saved" in errors
    for problem in ("unknown key 'colour'", "source_system 'sap' is unknown",
                    "workflows lists 'A' twice"):
        assert problem in errors
    assert not [b for b in page.button if b.key == "definitions_import_use"]
    assert len(revisions(own_database)) == 1


def test_export_offers_yaml_and_json(page: AppTest) -> None:
    keys = {b.key for b in page.download_button}
    assert {"definitions_export_yaml", "definitions_export_json"} <= keys


def test_revisions_are_listed(page: AppTest) -> None:
    page.text_input(key="definitions_name").set_value("Renamed").run()
    page.button(key="definitions_save").click().run()
    listed = page.expander[0].dataframe[0].value
    assert list(listed["revision"]) == [2, 1]
    assert list(listed["organization"]) == ["Renamed", "Northwind Trading"]
    assert list(listed["source"]) == ["edited on the Definitions page",
                                      "the bundled demo organization"]


def load_url(page: AppTest, url: str, key: str = "") -> AppTest:
    page.text_input(key="definitions_url").set_value(url)
    page.text_input(key="definitions_url_key_name_0").set_value("X-API-Key")
    page.text_input(key="definitions_url_key_value_0").set_value(key)
    page.button(key="definitions_url_load").click().run()
    assert not page.exception, page.exception
    return page


def test_load_from_a_url_then_save(page: AppTest, http_server: Served,
                                   own_database: str) -> None:
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    load_url(page, url + "?token=query-secret", SECRET)
    assert http_server.received[-1][1]["X-API-Key"] == SECRET
    said = texts(page)
    assert "Imported Co: source system Salesforce with API" in said
    assert len(revisions(own_database)) == 1
    page.button(key="definitions_url_use").click().run()
    assert not page.exception
    assert revisions(own_database)[0] == (2, "Imported Co", f"loaded from {url}")
    everything = texts(page) + str(page.expander[0].dataframe[0].value.to_dict())
    assert SECRET not in everything and "query-secret" not in everything
    assert "Imported Co" in fresh_app_sidebar()


def test_url_not_found_is_a_plain_error(page: AppTest, http_server: Served,
                                        own_database: str) -> None:
    load_url(page, http_server.url("/missing.yaml"), SECRET)
    errors = " ".join(e.value for e in page.error)
    assert "HTTP 404" in errors and SECRET not in texts(page)
    assert not [b for b in page.button if b.key == "definitions_url_use"]
    assert len(revisions(own_database)) == 1


def test_url_with_another_scheme_is_a_plain_error(page: AppTest) -> None:
    load_url(page, "file:///etc/passwd")
    assert "Only http:// and https://" in " ".join(e.value for e in page.error)


def test_url_with_invalid_definitions_lists_problems(page: AppTest,
                                                     http_server: Served) -> None:
    url = http_server.route("/bad.json", Answer(200, b'{"organization": "X", "colour": 1}',
                                                {"Content-Type": "application/json"}))
    load_url(page, url)
    errors = " ".join(e.value for e in page.error).replace("\\", "")
    assert "is not valid definitions; nothing was saved" in errors
    assert "unknown key 'colour'" in errors


def test_url_form_defaults_come_from_secrets_and_the_key_is_never_shown(
        http_server: Served) -> None:
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["definitions"] = {"url": url, "api_key_header": "X-Team-Key",
                                 "api_key": SECRET}
    at.run()
    at.switch_page("pages/definitions.py").run()
    unlock_editing(at)
    assert at.text_input(key="definitions_url").value == url
    assert at.text_input(key="definitions_url_key_name_0").value == "X-Team-Key"
    assert at.text_input(key="definitions_url_key_value_0").value == ""
    at.button(key="definitions_url_load").click().run()
    assert not at.exception
    assert http_server.received[-1][1]["X-Team-Key"] == SECRET
    assert "Imported Co" in texts(at) and SECRET not in texts(at)


# ---- several keys (Upflow: X-Api-Key and X-Api-Secret) -----------------------------------

UPFLOW_KEY = "page-upflow-key-6b1d"
UPFLOW_SECRET = "page-upflow-secret-0f3e"


def key_row(at: AppTest, index: int) -> tuple[str, TextInput]:
    """Row `index` of the form's keys: the name typed, and the value's field."""
    return (at.text_input(key=f"definitions_url_key_name_{index}").value,
            at.text_input(key=f"definitions_url_key_value_{index}"))


def everything_shown(at: AppTest) -> str:
    """Every text of the page, and every text field's value except the password fields
    (which the browser shows as dots)."""
    fields = [w.value or "" for w in at.text_input if w.proto.type != TextInputProto.PASSWORD]
    return texts(at) + "\n" + "\n".join(fields)


def test_url_form_offers_upflows_two_keys_and_sends_both(page: AppTest,
                                                         http_server: Served) -> None:
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    page.text_input(key="definitions_url").set_value(url)
    (first, first_value), (second, second_value) = key_row(page, 0), key_row(page, 1)
    assert (first, second) == ("X-Api-Key", "X-Api-Secret")
    assert key_row(page, 2)[0] == "" and key_row(page, 3)[0] == "", "room for two more"
    assert first_value.proto.type == second_value.proto.type == TextInputProto.PASSWORD
    first_value.set_value(UPFLOW_KEY)
    second_value.set_value(UPFLOW_SECRET)
    page.button(key="definitions_url_load").click().run()
    assert not page.exception, page.exception
    sent = http_server.received[-1][1]
    assert (sent["X-Api-Key"], sent["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)
    assert "Imported Co" in texts(page)
    shown = everything_shown(page)
    assert UPFLOW_KEY not in shown and UPFLOW_SECRET not in shown


def test_url_form_an_extra_key_in_a_spare_row(page: AppTest, http_server: Served) -> None:
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    page.text_input(key="definitions_url").set_value(url)
    page.text_input(key="definitions_url_key_name_2").set_value("X-Tenant")
    page.text_input(key="definitions_url_key_value_2").set_value(UPFLOW_SECRET)
    page.button(key="definitions_url_load").click().run()
    assert not page.exception
    sent = http_server.received[-1][1]
    assert sent["X-Tenant"] == UPFLOW_SECRET and "X-Api-Key" not in sent


def test_url_form_keys_set_up_for_the_app_are_sent_never_shown(
        http_server: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """[definitions.headers] in secrets and a PREFLIGHT_DEFINITIONS_HEADER_* variable
    (which wins for its header) are sent without being typed, and never shown."""
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET", UPFLOW_SECRET)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["definitions"] = {"url": url, "headers": {"X-Api-Key": UPFLOW_KEY,
                                                         "X-Api-Secret": "file-secret"}}
    at.run()
    at.switch_page("pages/definitions.py").run()
    unlock_editing(at)
    assert [key_row(at, i)[0] for i in range(4)] == ["X-Api-Key", "X-Api-Secret", "", ""]
    assert key_row(at, 0)[1].value == "" and key_row(at, 1)[1].value == ""
    assert "Keys already set up for the app: X-Api-Key, X-Api-Secret" in texts(at)
    at.button(key="definitions_url_load").click().run()
    assert not at.exception, at.exception
    sent = http_server.received[-1][1]
    assert (sent["X-Api-Key"], sent["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)
    shown = everything_shown(at)
    assert not {UPFLOW_KEY, UPFLOW_SECRET, "file-secret"} & set(shown.split())
    assert UPFLOW_KEY not in shown and UPFLOW_SECRET not in shown

    key_row(at, 0)[1].set_value("typed-key")  # typed for the same name: replaces it
    at.checkbox(key="definitions_url_fresh").check()
    at.button(key="definitions_url_load").click().run()
    assert not at.exception
    assert http_server.received[-1][1]["X-Api-Key"] == "typed-key"


def test_url_form_with_a_broken_key_variable_says_so_and_loads_nothing(
        page: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_X__KEY", UPFLOW_KEY)
    page.run()
    assert not page.exception
    errors = " ".join(e.value for e in page.error)
    assert "A key set up for the app cannot be used" in errors
    assert "PREFLIGHT_DEFINITIONS_HEADER_X__KEY does not name a header" in errors
    assert UPFLOW_KEY not in everything_shown(page)
    assert not [b for b in page.button if b.key == "definitions_url_load"]


def test_url_form_value_without_a_name_is_a_plain_error(page: AppTest,
                                                        http_server: Served) -> None:
    url = http_server.route("/org.yaml", Answer(200, NEW_ORG, {"Content-Type": "text/yaml"}))
    page.text_input(key="definitions_url").set_value(url)
    page.text_input(key="definitions_url_key_value_3").set_value(UPFLOW_SECRET)
    page.button(key="definitions_url_load").click().run()
    assert not page.exception
    assert "Row 4 has a key value but no key name" in " ".join(e.value for e in page.error)
    assert http_server.received == [] and UPFLOW_SECRET not in everything_shown(page)


def test_url_form_refused_keys_are_named_not_shown(page: AppTest, http_server: Served) -> None:
    url = http_server.route("/secure", Answer(401, b"no", {"Content-Type": "text/plain"}))
    page.text_input(key="definitions_url").set_value(url)
    page.text_input(key="definitions_url_key_value_0").set_value(UPFLOW_KEY)
    page.text_input(key="definitions_url_key_value_1").set_value(UPFLOW_SECRET)
    page.button(key="definitions_url_load").click().run()
    assert not page.exception
    errors = " ".join(e.value for e in page.error)
    assert "the keys sent (X-Api-Key, X-Api-Secret) were refused" in errors
    shown = everything_shown(page)
    assert UPFLOW_KEY not in shown and UPFLOW_SECRET not in shown


def test_a_50_mb_or_alias_bomb_import_is_a_plain_refusal(page: AppTest,
                                                          own_database: str) -> None:
    from tests.test_definitions_limits import BOMB

    uploader = page.file_uploader(key="definitions_import_file")
    uploader.set_value(("huge.yaml", b"organization: X\n#" + b"x" * (50 << 20),
                        "application/yaml")).run()
    assert not page.exception
    errors = " ".join(e.value for e in page.error).replace("\\", "")
    assert "'huge.yaml' is larger than 5 MB: it cannot be a definitions document." in errors
    page.file_uploader(key="definitions_import_file").set_value(
        ("bomb.yaml", BOMB.encode(), "application/yaml")).run()
    errors = " ".join(e.value for e in page.error).replace("\\", "")
    assert "'bomb.yaml' cannot be used; nothing was saved" in errors
    assert "YAML anchors and aliases" in errors
    assert not [b for b in page.button if b.key == "definitions_import_use"]
    assert len(revisions(own_database)) == 1
