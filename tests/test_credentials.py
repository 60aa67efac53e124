"""Secret headers for a definitions URL, from the environment, the secrets file and the
page's rows: names as a server expects them, values never in a message or a repr."""

from __future__ import annotations

import pytest

from checks.definitions.credentials import (
    environment_headers,
    header_name_from_variable,
    merge_headers,
    secrets_headers,
)
from checks.definitions.remote import RemoteDefinitionsError
from checks.views import UPFLOW_KEY_NAMES, UrlFormSettings, form_headers

KEY = "upflow-key-5d4c"
SECRET = "upflow-secret-9e8f"


def refused(call, *args: object) -> str:
    """The message of the RemoteDefinitionsError the call raises, proven free of secrets."""
    with pytest.raises(RemoteDefinitionsError) as caught:
        call(*args)
    message = caught.value.message
    assert KEY not in message and SECRET not in message
    return message


@pytest.mark.parametrize(("suffix", "name"), [
    ("X_API_KEY", "X-Api-Key"), ("X_API_SECRET", "X-Api-Secret"),
    ("AUTHORIZATION", "Authorization"), ("x_tenant_id", "X-Tenant-Id"), ("A1", "A1"),
])
def test_header_name_from_variable(suffix: str, name: str) -> None:
    assert header_name_from_variable(suffix) == name


def test_environment_gives_upflow_pair() -> None:
    environ = {"PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET": SECRET, "HOME": "/root",
               "PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY": KEY,
               "PREFLIGHT_DEFINITIONS_API_KEY": "not-a-header-variable"}
    assert environment_headers(environ) == (("X-Api-Key", KEY), ("X-Api-Secret", SECRET))


def test_empty_variable_is_unset_and_spaces_are_dropped() -> None:
    environ = {"PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY": f"  {KEY}\n",
               "PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET": ""}
    assert environment_headers(environ) == (("X-Api-Key", KEY),)


def test_prefix_is_case_sensitive() -> None:
    assert environment_headers({"preflight_definitions_header_x_api_key": KEY}) == ()


@pytest.mark.parametrize("suffix", ["", "X__KEY", "_X", "X_", "X-API-KEY", "X API", "CLÉ"])
def test_badly_named_variable_is_refused_by_name(suffix: str) -> None:
    variable = f"PREFLIGHT_DEFINITIONS_HEADER_{suffix}"
    message = refused(environment_headers, {variable: KEY})
    assert message.startswith(f"The environment variable {variable} does not name a header")
    assert "PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY for X-Api-Key" in message


@pytest.mark.parametrize("value", [f"{KEY}\nX-Evil: 1", f"{KEY}\rX", f"{KEY}é", f"{KEY}\x00"])
def test_value_a_header_cannot_carry_is_refused_without_it(value: str) -> None:
    message = refused(environment_headers, {"PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY": value})
    assert message == ("The environment variable PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY "
                       "holds line breaks or characters an HTTP header cannot carry (plain "
                       "ASCII only); set it again.")


def test_two_variables_for_one_header_are_refused() -> None:
    message = refused(environment_headers, {"PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY": KEY,
                                            "PREFLIGHT_DEFINITIONS_HEADER_x_api_key": SECRET})
    assert "both give the X-Api-Key header; keep one" in message


def test_secrets_table() -> None:
    section = {"url": "https://x", "headers": {"X-Api-Key": KEY, "X-Api-Secret": SECRET,
                                               "X-Unused": "  "}}
    assert secrets_headers(section) == (("X-Api-Key", KEY), ("X-Api-Secret", SECRET))
    assert secrets_headers({}) == () and secrets_headers(None) == ()


@pytest.mark.parametrize(("table", "expected"), [
    ("not a table", "must be a table of header names and values"),
    ({"X Api Key": KEY}, "'X Api Key' under [definitions.headers] is not a header name"),
    ({"X-Api-Key": 42}, "The X-Api-Key header under [definitions.headers] must be text"),
    ({"X-Api-Key": f"{KEY}\n"}, None),  # a final line break is only spacing
    ({"X-Api-Key": f"{KEY}\nEvil: 1"}, "X-Api-Key header under [definitions.headers] holds"),
    ({"X-Api-Key": KEY, "x-api-key": SECRET}, "The x-api-key header is given twice"),
])
def test_secrets_table_problems(table: object, expected: str | None) -> None:
    if expected is None:
        assert secrets_headers({"headers": table}) == (("X-Api-Key", KEY),)
        return
    assert expected in refused(secrets_headers, {"headers": table})


def test_merge_later_layer_wins_ignoring_case() -> None:
    merged = merge_headers([("X-Api-Key", "file"), ("X-Other", "o")], [("x-api-key", "env")])
    assert merged == (("X-Api-Key", "env"), ("X-Other", "o"))


# ---- the page's form (checks.views.url_form) ------------------------------------------

def test_form_settings_without_anything_set_up_offer_upflow_rows() -> None:
    settings = UrlFormSettings.from_settings({}, {})
    assert settings.row_names == UPFLOW_KEY_NAMES == ("X-Api-Key", "X-Api-Secret")
    assert settings.configured == () and settings.url == ""


def test_form_settings_environment_wins_over_the_secrets_file() -> None:
    secrets = {"definitions": {"url": " https://api.example/defs ", "api_key_header": "X-Team",
                               "api_key": "team-key", "headers": {"X-Api-Key": "from-file",
                                                                  "X-Api-Secret": SECRET}}}
    environ = {"PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY": KEY}
    settings = UrlFormSettings.from_settings(secrets, environ)
    assert settings.url == "https://api.example/defs"
    assert settings.configured == (("X-Team", "team-key"), ("X-Api-Key", KEY),
                                   ("X-Api-Secret", SECRET))
    assert settings.row_names == settings.configured_names == ("X-Team", "X-Api-Key",
                                                               "X-Api-Secret")
    assert KEY not in repr(settings) and SECRET not in repr(settings)


def test_form_settings_a_header_name_without_a_key_is_offered() -> None:
    settings = UrlFormSettings.from_settings({"definitions": {"api_key_header": "X-Team"}}, {})
    assert (settings.row_names, settings.configured) == (("X-Team",), ())


def test_form_settings_refuse_a_bad_environment() -> None:
    assert "does not name a header" in refused(
        UrlFormSettings.from_settings, {}, {"PREFLIGHT_DEFINITIONS_HEADER_": KEY})


def test_form_headers_typed_value_replaces_a_configured_one() -> None:
    rows = [("X-Api-Key", ""), ("x-api-secret", f" {SECRET} "), ("", ""), ("X-More", "")]
    assert form_headers(rows, (("X-Api-Key", KEY), ("X-Api-Secret", "old"))) == (
        ("X-Api-Key", KEY), ("X-Api-Secret", SECRET))


@pytest.mark.parametrize(("rows", "expected"), [
    ([("", KEY)], "Row 1 has a key value but no key name"),
    ([("X-Api-Key", ""), ("X Api Secret", SECRET)], "'X Api Secret' is not a key name"),
    ([("X-Api-Key", KEY), ("x-api-key", SECRET)], "The key x-api-key has a value in two rows"),
])
def test_form_headers_problems(rows: list[tuple[str, str]], expected: str) -> None:
    assert expected in refused(form_headers, rows)
