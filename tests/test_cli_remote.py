"""`--definitions URL`: the same commands, definitions fetched from a local server."""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path

import pytest

from checks.cli.main import main
from tests.http_server import Answer, Served, serve_fixture  # noqa: F401

SECRET = "cli-s3cret-0a1b2c"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def served_definitions(http_server: Served, samples: Path) -> str:
    """The sample organization, renamed so a test can tell it came from the URL."""
    text = (samples / "definitions.yaml").read_text("utf-8")
    body = text.replace("organization: Northwind Trading", "organization: Served Northwind")
    return http_server.route("/org.yaml", Answer(200, body.encode(),
                                                 {"Content-Type": "text/yaml"}))


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own keys must not leak into (or change) these tests."""
    monkeypatch.delenv("PREFLIGHT_DEFINITIONS_API_KEY", raising=False)
    monkeypatch.delenv("PREFLIGHT_DEFINITIONS_API_KEY_HEADER", raising=False)
    for name in list(os.environ):
        if name.startswith("PREFLIGHT_DEFINITIONS_HEADER_"):
            monkeypatch.delenv(name)


def test_check_with_a_url(served_definitions: str, samples: Path) -> None:
    status, out, err = run("check", str(samples / "customers_clean.csv"), "--definitions",
                           served_definitions)
    assert (status, err) == (0, "")
    assert "organization Served Northwind" in out.splitlines()[0]


def test_api_key_and_header_from_the_environment(served_definitions: str, samples: Path,
                                                 http_server: Served,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_API_KEY", SECRET)
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_API_KEY_HEADER", "X-API-Key")
    status, _, _ = run("check", str(samples / "customers_clean.csv"), "--definitions",
                       served_definitions, "--format", "json")
    assert status == 0
    assert http_server.received[-1][1]["X-API-Key"] == SECRET


def test_api_key_defaults_to_authorization(served_definitions: str, samples: Path,
                                           http_server: Served,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_API_KEY", f"Bearer {SECRET}")
    assert run("check", str(samples / "customers_clean.csv"), "--definitions",
               served_definitions)[0] == 0
    assert http_server.received[-1][1]["Authorization"] == f"Bearer {SECRET}"


def test_no_key_is_sent_when_none_is_set(served_definitions: str, samples: Path,
                                         http_server: Served) -> None:
    run("check", str(samples / "customers_clean.csv"), "--definitions", served_definitions)
    assert "Authorization" not in http_server.received[-1][1]


def test_template_with_a_url(served_definitions: str, tmp_path: Path) -> None:
    out = tmp_path / "template.csv"
    status, text, err = run("template", "custom-fields", "--definitions", served_definitions,
                            "--out", str(out))
    assert (status, err) == (0, "")
    assert "Segment" in out.read_text("utf-8") and "Wrote a template" in text


def test_fix_with_a_url(served_definitions: str, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "ready.csv"
    status, text, err = run("fix", str(samples / "customers_clean.csv"), "--out", str(out),
                            "--definitions", served_definitions, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(text)["remaining"]["summary"]["errors"] == 0 and out.exists()


def one_line_failure(*argv: str) -> str:
    status, out, err = run(*argv)
    assert status == 2 and out == ""
    assert err.startswith("preflight: ") and err.count("\n") == 1
    assert "Traceback" not in err
    return err


def test_refused_key_is_one_line_without_the_key(http_server: Served, samples: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_API_KEY", SECRET)
    url = http_server.route("/secure", Answer(403, b"no", {"Content-Type": "text/plain"}))
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           url)
    assert "the API key was refused" in err and SECRET not in err


def test_not_found_is_one_line(http_server: Served, samples: Path) -> None:
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           http_server.url("/nothing.yaml"))
    assert "HTTP 404" in err


def test_other_scheme_is_refused_not_read_as_a_file(samples: Path) -> None:
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           "ftp://example.com/org.yaml")
    assert "Only http:// and https://" in err


def test_invalid_served_definitions_are_one_line(http_server: Served, tmp_path: Path) -> None:
    url = http_server.route("/bad.yaml", Answer(200, b"organization: X\nsource_system: sap\n",
                                                {"Content-Type": "text/yaml"}))
    err = one_line_failure("template", "all", "--definitions", url, "--out",
                           str(tmp_path / "t.csv"))
    assert "not valid definitions" in err and "sap" in err
    assert not (tmp_path / "t.csv").exists()


UPFLOW_KEY = "cli-upflow-key-31c4"
UPFLOW_SECRET = "cli-upflow-secret-a9d2"


def upflow_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY", UPFLOW_KEY)
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET", UPFLOW_SECRET)


def test_header_variables_reach_the_server(served_definitions: str, samples: Path,
                                           http_server: Served,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    upflow_environment(monkeypatch)
    status, out, err = run("check", str(samples / "customers_clean.csv"), "--definitions",
                           served_definitions)
    assert (status, err) == (0, "")
    sent = http_server.received[-1][1]
    assert (sent["X-Api-Key"], sent["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)
    assert UPFLOW_KEY not in out and UPFLOW_SECRET not in out


def test_header_variables_sent_with_the_api_key(served_definitions: str, samples: Path,
                                                http_server: Served,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    upflow_environment(monkeypatch)
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_API_KEY", f"Bearer {SECRET}")
    assert run("check", str(samples / "customers_clean.csv"), "--definitions",
               served_definitions)[0] == 0
    sent = http_server.received[-1][1]
    assert sent["Authorization"] == f"Bearer {SECRET}"
    assert (sent["X-Api-Key"], sent["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)


def test_refused_header_variables_are_named_not_quoted(http_server: Served, samples: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    upflow_environment(monkeypatch)
    url = http_server.route("/secure", Answer(401, b"no", {"Content-Type": "text/plain"}))
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           url)
    assert "the keys sent (X-Api-Key, X-Api-Secret) were refused" in err
    assert UPFLOW_KEY not in err and UPFLOW_SECRET not in err


@pytest.mark.parametrize("variable", ["PREFLIGHT_DEFINITIONS_HEADER_",
                                      "PREFLIGHT_DEFINITIONS_HEADER_X__API_KEY",
                                      "PREFLIGHT_DEFINITIONS_HEADER_X-API-KEY"])
def test_badly_named_header_variable_is_one_line(variable: str, served_definitions: str,
                                                 samples: Path, http_server: Served,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, UPFLOW_KEY)
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           served_definitions)
    assert f"preflight: The environment variable {variable} does not name a header" in err
    assert UPFLOW_KEY not in err
    assert http_server.received == [], "nothing is fetched with a broken setting"


def test_bad_header_value_is_one_line_without_it(served_definitions: str, samples: Path,
                                                 http_server: Served,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    upflow_environment(monkeypatch)
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET",
                       f"{UPFLOW_SECRET}\nX-Evil: 1")
    err = one_line_failure("check", str(samples / "customers_clean.csv"), "--definitions",
                           served_definitions)
    assert "PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET holds line breaks" in err
    assert UPFLOW_SECRET not in err and UPFLOW_KEY not in err
    assert http_server.received == []


def test_header_variables_are_ignored_for_a_definitions_file(
        samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken header variable matters only when a URL is fetched."""
    monkeypatch.setenv("PREFLIGHT_DEFINITIONS_HEADER_", UPFLOW_KEY)
    status, _, err = run("check", str(samples / "customers_clean.csv"), "--definitions",
                         str(samples / "definitions.yaml"))
    assert (status, err) == (0, "")


def test_help_names_the_header_variables() -> None:
    from checks.cli.parser import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name in ("check", "fix", "template"):
        option = next(a for a in commands.choices[name]._actions
                      if "--definitions" in a.option_strings)
        assert "$PREFLIGHT_DEFINITIONS_HEADER_<NAME>" in option.help
        assert "PREFLIGHT_DEFINITIONS_HEADER_X_API_SECRET" in option.help
