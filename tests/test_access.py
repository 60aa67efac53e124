"""Who may change the definitions: the three modes, read from secrets and environment,
and the decision for each kind of visitor (`checks.views.access`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checks.views.access import (
    ADMIN_PASSWORD_ENV,
    AccessConfig,
    Mode,
    PasswordThrottle,
    Visitor,
    decide,
    password_matches,
    unlock_token,
)

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "preflight", "client_secret": "s3cret",
        "server_metadata_url": "https://id.example/.well-known/openid-configuration"}
ADMINS = {"preflight": {"admin_emails": ["Ada@Northwind.example", " ops@northwind.example "]}}


def settings(secrets: dict | None = None, env: dict | None = None) -> AccessConfig:
    return AccessConfig.from_settings(secrets or {}, env or {})


def signed_in(email: str | None, verified: bool | None = None) -> Visitor:
    return Visitor(signed_in=True, email=email, email_verified=verified)


# ---- reading the configuration ------------------------------------------------------------

def test_nothing_configured_is_read_only_and_says_how_to_enable_editing() -> None:
    config = settings()
    assert config.mode is Mode.READ_ONLY
    access = decide(config, Visitor())
    assert access.admitted and not access.may_edit
    # The finance user is told whom to ask; the set-up is for whoever deploys the app.
    assert "Ask an admin of your team to change the definitions." in access.message
    assert access.setup is not None
    for hint in (ADMIN_PASSWORD_ENV, "admin_password", "[preflight]", "[auth]",
                 "admin_emails", ".streamlit/secrets.toml"):
        assert hint in access.setup
        assert hint not in access.message


def test_a_password_from_the_environment_or_the_secrets_selects_password_mode() -> None:
    from_env = settings(env={ADMIN_PASSWORD_ENV: "from-env"})
    from_secrets = settings({"preflight": {"admin_password": "from-secrets"}})
    assert from_env.mode is from_secrets.mode is Mode.PASSWORD
    assert password_matches(from_env, "from-env")
    assert password_matches(from_secrets, "from-secrets")


def test_the_environment_wins_over_the_secrets() -> None:
    config = settings({"preflight": {"admin_password": "from-secrets"}},
                      {ADMIN_PASSWORD_ENV: "from-env"})
    assert password_matches(config, "from-env")
    assert not password_matches(config, "from-secrets")


def test_an_empty_environment_variable_falls_back_to_the_secrets() -> None:
    config = settings({"preflight": {"admin_password": "from-secrets"}},
                      {ADMIN_PASSWORD_ENV: ""})
    assert password_matches(config, "from-secrets")


def test_an_empty_password_configures_nothing() -> None:
    assert settings({"preflight": {"admin_password": ""}}).mode is Mode.READ_ONLY


def test_a_toml_number_is_a_password_but_a_table_or_list_is_not() -> None:
    assert password_matches(settings({"preflight": {"admin_password": 123456}}), "123456")
    for wrong in ({"x": 1}, ["a"], True):
        assert settings({"preflight": {"admin_password": wrong}}).mode is Mode.READ_ONLY


def test_settings_of_the_wrong_shape_count_as_absent() -> None:
    assert settings({"preflight": "admin_password=x", "auth": "on"}).mode is Mode.READ_ONLY
    assert settings({"auth": {}}).mode is Mode.READ_ONLY


def test_the_password_never_shows_in_a_repr() -> None:
    config = settings(env={ADMIN_PASSWORD_ENV: "hunter2-very-secret"})
    assert "hunter2" not in repr(config)
    assert "hunter2" not in (unlock_token(config) or "")


def test_sign_in_wins_over_a_password() -> None:
    config = settings({"auth": AUTH, **ADMINS}, {ADMIN_PASSWORD_ENV: "pw"})
    assert config.mode is Mode.SIGN_IN
    assert config.default_provider and config.providers == ()
    assert not decide(config, Visitor(unlocked_with=unlock_token(config))).admitted


def test_named_providers_are_listed() -> None:
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
            "google": {"client_id": "g"}, "microsoft": {"client_id": "m"}}
    config = settings({"auth": auth})
    assert config.providers == ("google", "microsoft")
    assert not config.default_provider


def test_admin_emails_are_lowercase_and_may_be_one_string() -> None:
    assert settings(ADMINS).admin_emails == {"ada@northwind.example", "ops@northwind.example"}
    one_string = settings({"preflight": {"admin_emails": "A@x.com, b@x.com  c@x.com"}})
    assert one_string.admin_emails == {"a@x.com", "b@x.com", "c@x.com"}
    assert settings({"preflight": {"admin_emails": [1, None, "", "d@x.com"]}}).admin_emails \
        == {"d@x.com"}


# ---- password mode --------------------------------------------------------------------------

def test_password_mode_is_read_only_until_unlocked() -> None:
    config = settings(env={ADMIN_PASSWORD_ENV: "pw"})
    locked = decide(config, Visitor())
    assert locked.admitted and not locked.may_edit
    assert "admin password" in locked.message
    unlocked = decide(config, Visitor(unlocked_with=unlock_token(config)))
    assert unlocked.may_edit and "unlocked" in unlocked.message


def test_a_forged_or_stale_token_does_not_unlock() -> None:
    old = settings(env={ADMIN_PASSWORD_ENV: "old password"})
    new = settings(env={ADMIN_PASSWORD_ENV: "new password"})
    assert not decide(new, Visitor(unlocked_with=unlock_token(old))).may_edit
    assert not decide(new, Visitor(unlocked_with="new password")).may_edit
    assert not decide(new, Visitor(unlocked_with="")).may_edit


def test_a_token_from_password_mode_means_nothing_once_the_password_is_gone() -> None:
    config = settings(env={ADMIN_PASSWORD_ENV: "pw"})
    assert not decide(settings(), Visitor(unlocked_with=unlock_token(config))).may_edit


def test_wrong_and_empty_passwords_do_not_match() -> None:
    config = settings(env={ADMIN_PASSWORD_ENV: "Zürich-42"})
    assert password_matches(config, "Zürich-42")
    for typed in ("", "zürich-42", "Zürich-42 ", "Zurich-42"):
        assert not password_matches(config, typed)
    assert not password_matches(settings(), "")
    assert not password_matches(settings(), "anything")


@given(st.text(min_size=1), st.text())
def test_a_password_matches_exactly_itself(password: str, typed: str) -> None:
    config = settings(env={ADMIN_PASSWORD_ENV: password})
    assert password_matches(config, password)
    assert password_matches(config, typed) == (typed == password)


# ---- sign-in mode ---------------------------------------------------------------------------

def test_signed_out_visitors_are_not_admitted() -> None:
    access = decide(settings({"auth": AUTH, **ADMINS}), Visitor(email="ada@northwind.example"))
    assert not access.admitted and not access.may_edit


def test_admins_are_matched_ignoring_case() -> None:
    config = settings({"auth": AUTH, **ADMINS})
    for email in ("ada@northwind.example", "ADA@NORTHWIND.EXAMPLE", "Ops@Northwind.Example"):
        access = decide(config, signed_in(email, verified=True))
        assert access.admitted and access.may_edit, email
        assert email in access.message


def test_other_signed_in_people_read_only_and_are_told_who_can_edit() -> None:
    access = decide(settings({"auth": AUTH, **ADMINS}), signed_in("sam@northwind.example"))
    assert access.admitted and not access.may_edit
    assert "sam@northwind.example" in access.message
    assert "ada@northwind.example, ops@northwind.example" in access.message
    assert "Ask an admin of your team to change the definitions" in access.message
    assert access.setup is None  # nothing to set up: the admins are named


def test_an_email_the_provider_did_not_verify_is_not_an_admin() -> None:
    access = decide(settings({"auth": AUTH, **ADMINS}),
                    signed_in("ada@northwind.example", verified=False))
    assert access.admitted and not access.may_edit
    assert "not verified" in access.message


def test_an_account_without_email_is_not_an_admin() -> None:
    access = decide(settings({"auth": AUTH, **ADMINS}), signed_in(None))
    assert access.admitted and not access.may_edit
    assert "no email" in access.message


def test_without_admin_emails_nobody_edits_and_the_message_says_what_to_set() -> None:
    access = decide(settings({"auth": AUTH}), signed_in("ada@northwind.example", True))
    assert access.admitted and not access.may_edit
    assert "Ask an admin of your team" in access.message
    assert "admin_emails under [preflight]" in (access.setup or "")
    assert "secrets.toml" not in access.message


def test_substrings_of_an_admin_email_are_not_admins() -> None:
    config = settings({"auth": AUTH, **ADMINS})
    for email in ("da@northwind.example", "ada@northwind.example.evil", "ada@northwind"):
        assert not decide(config, signed_in(email)).may_edit, email


def test_messages_never_hold_the_password() -> None:
    secret = "hunter2-very-secret"
    config = settings(env={ADMIN_PASSWORD_ENV: secret})
    for visitor in (Visitor(), Visitor(unlocked_with=unlock_token(config))):
        assert secret not in decide(config, visitor).message


# ---- the throttle of wrong passwords --------------------------------------------------------

def test_the_throttle_allows_up_to_its_attempts_then_waits_for_the_oldest() -> None:
    throttle = PasswordThrottle(attempts=3, window=60.0)
    assert throttle.wait(0.0) == 0.0
    for moment in (0.0, 10.0, 20.0):
        assert throttle.wait(moment) == 0.0
        throttle.failed(moment)
    assert throttle.wait(25.0) == 35.0  # the try at 0 s leaves the window at 60 s
    assert throttle.wait(60.0) == 0.0
    throttle.failed(60.0)
    assert throttle.wait(61.0) == 9.0  # now the oldest is the try at 10 s


def test_the_throttle_forgets_tries_older_than_its_window() -> None:
    throttle = PasswordThrottle(attempts=2, window=60.0)
    throttle.failed(0.0)
    throttle.failed(100.0)
    assert throttle.wait(100.0) == 0.0  # the try at 0 s no longer counts
