"""Definitions from a URL: a real local server, each limit and each failure, no secret leaks."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from checks.definitions.remote import (
    RemoteDefinitionsError,
    RemoteSource,
    display_url,
    is_url,
    load_remote_definitions,
)
from checks.model.errors import PreflightError
from tests.http_server import (  # noqa: F401 (fixtures)
    Answer,
    Served,
    serve_fixture,
    serve_other_fixture,
    without_proxies,
)

SECRET = "s3cr3t-Key-9f8e7d"
YAML = b"""organization: Remote Co
source_system: native
custom_fields:
  - {name: Segment, type: single_select, options: [SMB, Enterprise], managed: upflow}
members:
  - {email: ana@remote.example, roles: [account_manager]}
workflows: [Standard]
"""
DOCUMENT = {"organization": "Json Co", "source_system": "api", "workflows": ["Soft", "Hard"]}


def yaml_answer(**headers: str) -> Answer:
    return Answer(200, YAML, {"Content-Type": "application/yaml", **headers})


def failure(source: RemoteSource) -> RemoteDefinitionsError:
    with pytest.raises(RemoteDefinitionsError) as caught:
        load_remote_definitions(source)
    assert isinstance(caught.value, PreflightError)
    return caught.value


def test_loads_yaml(http_server: Served) -> None:
    url = http_server.route("/defs.yaml", yaml_answer())
    definitions = load_remote_definitions(RemoteSource(url))
    assert definitions.organization == "Remote Co"
    assert definitions.source_system.value == "native"
    assert [f.name for f in definitions.custom_fields] == ["Segment"]


def test_loads_json(http_server: Served) -> None:
    url = http_server.route("/defs.json", Answer(200, json.dumps(DOCUMENT).encode(),
                                                 {"Content-Type": "application/json"}))
    definitions = load_remote_definitions(RemoteSource(url))
    assert (definitions.organization, definitions.workflows) == ("Json Co", ("Soft", "Hard"))


def test_plain_text_in_a_declared_charset(http_server: Served) -> None:
    body = "organization: Société Générale\n".encode("latin-1")
    url = http_server.route("/latin", Answer(200, body,
                                             {"Content-Type": "text/plain; charset=latin-1"}))
    assert load_remote_definitions(RemoteSource(url)).organization == "Société Générale"


def test_sends_the_api_key_and_secret_headers(http_server: Served) -> None:
    url = http_server.route("/defs.yaml", yaml_answer())
    load_remote_definitions(RemoteSource(url, "X-API-Key", SECRET,
                                         secret_headers=(("X-Tenant", "t-42"),)))
    _, headers = http_server.received[-1]
    assert headers["X-API-Key"] == SECRET
    assert headers["X-Tenant"] == "t-42"


def test_api_key_defaults_to_the_authorization_header(http_server: Served) -> None:
    url = http_server.route("/defs.yaml", yaml_answer())
    load_remote_definitions(RemoteSource(url, api_key=f"Bearer {SECRET}"))
    assert http_server.received[-1][1]["Authorization"] == f"Bearer {SECRET}"


@pytest.mark.parametrize("url", ["ftp://example.com/defs.yaml", "file:///etc/passwd",
                                 "javascript:alert(1)", "example.com/defs.yaml", ""])
def test_refuses_other_schemes_before_any_network_use(url: str, monkeypatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")
    monkeypatch.setattr("requests.Session.get", no_network)
    assert "Only http:// and https://" in failure(RemoteSource(url)).message


def test_address_without_a_host() -> None:
    assert "no host name" in failure(RemoteSource("http:///defs.yaml")).message


def test_connection_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    without_proxies(monkeypatch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = failure(RemoteSource(f"http://127.0.0.1:{port}/defs.yaml", timeout=2)).message
    assert message.startswith("Could not connect to 127.0.0.1")


def test_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    without_proxies(monkeypatch)
    message = failure(RemoteSource("http://definitions.invalid/defs.yaml", timeout=2)).message
    assert message.startswith("Could not connect to definitions.invalid")


def test_timeout(http_server: Served) -> None:
    url = http_server.route("/slow", Answer(200, YAML, {"Content-Type": "text/yaml"},
                                            delay=2))
    assert failure(RemoteSource(url, timeout=0.3)).message == (
        "The definitions server did not answer within 0.3 seconds.")


@pytest.mark.parametrize("status", [401, 403])
def test_refused_api_key(http_server: Served, status: int) -> None:
    url = http_server.route("/secure", Answer(status, b"no", {"Content-Type": "text/plain"}))
    message = failure(RemoteSource(url, "X-API-Key", SECRET)).message
    assert message == (f"The definitions server refused access (HTTP {status}): "
                       "the API key was refused.")


def test_missing_api_key(http_server: Served) -> None:
    url = http_server.route("/secure", Answer(401, b"no", {"Content-Type": "text/plain"}))
    assert "it needs an API key" in failure(RemoteSource(url)).message


def test_not_found(http_server: Served) -> None:
    message = failure(RemoteSource(http_server.url("/nothing?token=abc"))).message
    assert message == (f"Nothing was found at {http_server.base}/nothing (HTTP 404): "
                       "check the address.")


def test_other_status(http_server: Served) -> None:
    url = http_server.route("/boom", Answer(500, b"oops", {"Content-Type": "text/plain"}))
    assert failure(RemoteSource(url)).message == (
        "The definitions server answered HTTP 500 Internal Server Error instead of the "
        "document.")


def test_declared_length_over_the_limit(http_server: Served) -> None:
    url = http_server.route("/big", Answer(200, b"#" * 2000, {"Content-Type": "text/plain"}))
    message = failure(RemoteSource(url, max_bytes=1000)).message
    assert message == f"The document at {url} is larger than the 1000 bytes limit."


def test_streamed_body_over_the_limit_stops(http_server: Served) -> None:
    url = http_server.route("/stream", Answer(200, b"# padding\n" * 300_000,
                                              {"Content-Type": "text/plain"},
                                              content_length=False))
    assert "larger than the 1 MB limit" in failure(
        RemoteSource(url, max_bytes=1024 * 1024)).message


def test_body_within_the_limit_without_a_length(http_server: Served) -> None:
    url = http_server.route("/stream", Answer(200, YAML, {"Content-Type": "text/yaml"},
                                              content_length=False))
    assert load_remote_definitions(RemoteSource(url, max_bytes=len(YAML))).organization == (
        "Remote Co")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/pdf",
                                          "text/csv", None])
def test_refuses_other_content_types(http_server: Served, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    url = http_server.route("/page", Answer(200, b"<html>Sign in</html>", headers))
    message = failure(RemoteSource(url)).message
    assert "not a JSON or YAML document" in message
    if content_type:
        assert f"'{content_type.split(';')[0]}'" in message


def test_follows_up_to_three_redirects(http_server: Served) -> None:
    http_server.route("/defs.yaml", yaml_answer())
    for hop in range(1, 4):
        target = "/defs.yaml" if hop == 1 else f"/hop{hop - 1}"
        http_server.route(f"/hop{hop}", Answer(302, b"", {"Location": target}))
    assert load_remote_definitions(RemoteSource(http_server.url("/hop3"))).organization == (
        "Remote Co")


def test_refuses_a_fourth_redirect(http_server: Served) -> None:
    http_server.route("/defs.yaml", yaml_answer())
    for hop in range(1, 5):
        target = "/defs.yaml" if hop == 1 else f"/hop{hop - 1}"
        http_server.route(f"/hop{hop}", Answer(301, b"", {"Location": target}))
    message = failure(RemoteSource(http_server.url("/hop4"))).message
    assert message == ("The definitions address redirected more than 3 times; give the "
                       "final address instead.")
    assert [path for path, _ in http_server.received] == ["/hop4", "/hop3", "/hop2", "/hop1"]


def test_refuses_a_redirect_to_another_scheme(http_server: Served) -> None:
    url = http_server.route("/away", Answer(302, b"", {"Location": "file:///etc/passwd"}))
    assert "other than an http:// or https:// address" in failure(RemoteSource(url)).message


def test_secrets_stay_with_the_first_origin(http_server: Served, other_server: Served) -> None:
    target = other_server.route("/defs.yaml", yaml_answer())
    url = http_server.route("/moved", Answer(307, b"", {"Location": target}))
    load_remote_definitions(RemoteSource(url, "X-API-Key", SECRET,
                                         secret_headers=(("X-Tenant", "t-42"),)))
    assert http_server.received[-1][1]["X-API-Key"] == SECRET
    forwarded = other_server.received[-1][1]
    assert "X-API-Key" not in forwarded and "X-Tenant" not in forwarded


def test_invalid_definitions_list_every_problem(http_server: Served) -> None:
    body = b"organization: ''\nsource_system: mainframe\nworkflows: [A, A]\n"
    url = http_server.route("/bad.yaml", Answer(200, body, {"Content-Type": "text/yaml"}))
    error = failure(RemoteSource(url))
    assert error.message.startswith(f"The document at {url} is not valid definitions: ")
    assert len(error.problems) == 3
    assert all(problem in error.message for problem in error.problems)


def test_not_yaml_at_all(http_server: Served) -> None:
    url = http_server.route("/bad.json", Answer(200, b'{"organization": ',
                                                {"Content-Type": "application/json"}))
    assert "not valid YAML or JSON" in failure(RemoteSource(url)).message


def test_header_with_a_line_break_is_refused_without_quoting_it(monkeypatch) -> None:
    monkeypatch.setattr("requests.Session.get", lambda *a, **k: pytest.fail("network used"))
    source = RemoteSource("https://example.com/d.yaml", "X-API-Key", f"{SECRET}\r\nX-Evil: 1")
    message = failure(source).message
    assert "X-API-Key header contains line breaks" in message
    assert SECRET not in message


def test_bad_header_name_is_refused() -> None:
    source = RemoteSource("https://example.com/d.yaml", "X API Key", SECRET)
    assert "not a valid HTTP header name" in failure(source).message


def test_repr_masks_every_secret() -> None:
    source = RemoteSource("https://user:pw@example.com/d.yaml?token=tok", "X-API-Key",
                          SECRET, secret_headers=(("X-Tenant", "tenant-secret"),))
    for text in (repr(source), str(source), f"{source}"):
        assert SECRET not in text and "tenant-secret" not in text
        assert "tok" not in text and ":pw" not in text
        assert "X-API-Key" in text and "***" in text


def test_secret_never_in_messages_or_logs(http_server: Served,
                                          caplog: pytest.LogCaptureFixture) -> None:
    """Every kind of answer, logged at DEBUG (urllib3 included): the key appears nowhere."""
    caplog.set_level(logging.DEBUG)
    http_server.route("/defs.yaml", yaml_answer())
    http_server.route("/secure", Answer(401, b"no", {"Content-Type": "text/plain"}))
    http_server.route("/page", Answer(200, b"<html/>", {"Content-Type": "text/html"}))
    http_server.route("/loop", Answer(302, b"", {"Location": "/loop"}))
    messages = []
    for path in ("/defs.yaml", "/secure", "/page", "/loop", "/missing"):
        source = RemoteSource(http_server.url(path), "Authorization", f"Bearer {SECRET}",
                              secret_headers=(("X-Tenant", SECRET[::-1]),))
        try:
            load_remote_definitions(source)
        except RemoteDefinitionsError as problem:
            chain: BaseException | None = problem
            while chain is not None:
                messages.append(str(chain))
                chain = chain.__cause__ or chain.__context__
    assert len(messages) >= 4
    assert caplog.records, "urllib3 logs its requests at DEBUG: the check must see them"
    everything = "\n".join(messages) + caplog.text
    assert SECRET not in everything and SECRET[::-1] not in everything


def test_display_url_drops_credentials_and_query() -> None:
    assert display_url("HTTPS://bob:pw@Example.com:8443/a/defs.yaml?key=1#x") == (
        "https://example.com:8443/a/defs.yaml")


@pytest.mark.parametrize(("text", "expected"), [
    ("https://example.com/d.yaml", True), ("http://x", True), ("ftp://x/y", True),
    ("org.yaml", False), ("C:\\defs\\org.yaml", False), ("./http/defs.yaml", False),
])
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


# ---- several secret headers (Upflow: X-Api-Key and X-Api-Secret) ------------------------

UPFLOW_KEY = "upflow-key-1a2b3c"
UPFLOW_SECRET = "upflow-secret-4d5e6f"
UPFLOW = (("X-Api-Key", UPFLOW_KEY), ("X-Api-Secret", UPFLOW_SECRET))


def test_sends_several_secret_headers_to_the_first_origin(http_server: Served) -> None:
    url = http_server.route("/defs.yaml", yaml_answer())
    load_remote_definitions(RemoteSource(url, secret_headers=UPFLOW))
    _, headers = http_server.received[-1]
    assert (headers["X-Api-Key"], headers["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)


def test_several_headers_follow_a_redirect_within_the_origin(http_server: Served) -> None:
    http_server.route("/defs.yaml", yaml_answer())
    url = http_server.route("/moved", Answer(302, b"", {"Location": "/defs.yaml"}))
    load_remote_definitions(RemoteSource(url, secret_headers=UPFLOW))
    assert [path for path, _ in http_server.received] == ["/moved", "/defs.yaml"]
    assert all(headers["X-Api-Secret"] == UPFLOW_SECRET
               for _, headers in http_server.received)


def test_no_secret_header_leaves_the_first_origin(http_server: Served,
                                                  other_server: Served) -> None:
    """Every secret header, the API key included, stays behind when a redirect leaves
    the first origin (another port of the same host is another origin)."""
    target = other_server.route("/defs.yaml", yaml_answer())
    url = http_server.route("/moved", Answer(308, b"", {"Location": target}))
    load_remote_definitions(RemoteSource(url, "Authorization", f"Bearer {SECRET}",
                                         secret_headers=UPFLOW))
    sent = http_server.received[-1][1]
    assert (sent["X-Api-Key"], sent["X-Api-Secret"]) == (UPFLOW_KEY, UPFLOW_SECRET)
    forwarded = other_server.received[-1][1]
    assert not {"X-Api-Key", "X-Api-Secret", "Authorization"} & set(forwarded)
    assert not {UPFLOW_KEY, UPFLOW_SECRET} & set(forwarded.values())


def test_a_header_given_twice_is_refused_before_any_network_use(monkeypatch) -> None:
    monkeypatch.setattr("requests.Session.get", lambda *a, **k: pytest.fail("network used"))
    source = RemoteSource("https://example.com/d.yaml", "x-api-key", SECRET,
                          secret_headers=UPFLOW)
    message = failure(source).message
    assert message == "The x-api-key header is given twice; keep one."
    twice = RemoteSource("https://example.com/d.yaml",
                         secret_headers=(*UPFLOW, ("X-API-SECRET", "other")))
    assert "X-API-SECRET header is given twice" in failure(twice).message


def test_refused_keys_are_named_never_quoted(http_server: Served) -> None:
    url = http_server.route("/secure", Answer(401, b"no", {"Content-Type": "text/plain"}))
    message = failure(RemoteSource(url, secret_headers=UPFLOW)).message
    assert message == ("The definitions server refused access (HTTP 401): the keys sent "
                       "(X-Api-Key, X-Api-Secret) were refused.")


def test_second_header_with_a_line_break_is_refused_without_quoting_it(monkeypatch) -> None:
    monkeypatch.setattr("requests.Session.get", lambda *a, **k: pytest.fail("network used"))
    broken = (UPFLOW[0], ("X-Api-Secret", f"{UPFLOW_SECRET}\nX-Evil: 1"))
    message = failure(RemoteSource("https://example.com/d.yaml", secret_headers=broken)).message
    assert "X-Api-Secret header contains line breaks" in message
    assert UPFLOW_SECRET not in message and UPFLOW_KEY not in message


def test_repr_masks_several_headers() -> None:
    source = RemoteSource("https://example.com/d.yaml", secret_headers=UPFLOW)
    for text in (repr(source), str(source)):
        assert UPFLOW_KEY not in text and UPFLOW_SECRET not in text
        assert "'X-Api-Key': '***'" in text and "'X-Api-Secret': '***'" in text


def test_several_secrets_never_in_messages_or_logs(http_server: Served, other_server: Served,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    away = other_server.route("/defs.yaml", yaml_answer())
    http_server.route("/away", Answer(302, b"", {"Location": away}))
    http_server.route("/secure", Answer(403, b"no", {"Content-Type": "text/plain"}))
    http_server.route("/page", Answer(200, b"<html/>", {"Content-Type": "text/html"}))
    messages = []
    for path in ("/away", "/secure", "/page", "/missing"):
        try:
            load_remote_definitions(RemoteSource(http_server.url(path), secret_headers=UPFLOW))
        except RemoteDefinitionsError as problem:
            messages += [str(problem), repr(problem), *problem.problems]
    assert len(messages) >= 6 and caplog.records
    everything = "\n".join(messages) + caplog.text
    assert UPFLOW_KEY not in everything and UPFLOW_SECRET not in everything
