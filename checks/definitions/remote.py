"""Definitions loaded from an HTTP(S) address, with the limits a shared server needs.

A team may keep its definitions behind a URL (an internal service, a raw file in a
repository). Fetching a document named by a user is a classic way to hurt a server,
so every load is bounded: http and https only, a timeout on the whole exchange, a
size limit enforced while the body streams in, at most three redirects each checked
by hand, and only JSON, YAML or plain-text answers. The API key and any secret
header are sent to the first address's origin only, and never appear in a message
or a repr. Every failure is one `RemoteDefinitionsError` with a plain sentence.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import ReadTimeoutError

from checks.definitions.document import Definitions, parse_definitions
from checks.i18n import _
from checks.model.errors import DefinitionsError, PreflightError, problem_list
from checks.model.limits import MAX_DEFINITIONS_BYTES

DEFAULT_TIMEOUT = 10.0
#: The body's limit: the one limit of every definitions document (`checks.model.limits`).
DEFAULT_MAX_BYTES = MAX_DEFINITIONS_BYTES
MAX_REDIRECTS = 3
SCHEMES = ("http", "https")
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_TEXT_TYPES = frozenset({"application/json", "text/json", "application/yaml",
                         "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})
_MASK = "***"
# RFC 9110 token characters for a header name; a value may not hold control characters.
HEADER_NAME_PATTERN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
HEADER_VALUE_PATTERN = re.compile(r"^[\x20-\x7e\t]*$")  # what http.client can send


class RemoteDefinitionsError(PreflightError):
    """The definitions at a URL cannot be used; `message` never holds a secret.

    `problems` lists every problem when the document was fetched but is not valid
    definitions, so a page can show them one by one.
    """

    code = "remote_definitions"

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class RemoteSource:
    """Where to fetch definitions and how; the secrets are masked in its repr.

    `secret_headers` are extra headers whose values are secret too (a second token,
    a tenant key), as (name, value) pairs so the request stays hashable for caches.
    """

    url: str
    api_key_header: str | None = None
    api_key: str | None = field(default=None, repr=False)
    secret_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES

    def __repr__(self) -> str:
        key = _MASK if self.api_key else None
        extra = {name: _MASK for name, _ in self.secret_headers}
        return (f"RemoteSource(url={display_url(self.url)!r}, "
                f"api_key_header={self.api_key_header!r}, api_key={key!r}, "
                f"secret_headers={extra!r}, timeout={self.timeout!r}, "
                f"max_bytes={self.max_bytes!r})")

    __str__ = __repr__

    def header_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every secret header as given, the API key last, duplicates included (so
        that `_check_request` can refuse a header given twice rather than pick one)."""
        pairs = self.secret_headers
        if self.api_key:
            pairs = (*pairs, (self.api_key_header or "Authorization", self.api_key))
        return pairs

    def headers(self) -> dict[str, str]:
        """Every header to send to the first address's origin (secrets included)."""
        return dict(self.header_pairs())


def is_url(text: str) -> bool:
    """Whether a `--definitions` value names an address rather than a file.

    Any `scheme://` counts, so that `ftp://…` is refused as a URL instead of being
    looked for as a file of that name.
    """
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip()) is not None


def display_url(url: str) -> str:
    """The address without credentials, query or fragment: safe to show and store.

    Tokens are often put in a query string or as `user:password@`; both are dropped.
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, "", ""))


def load_remote_definitions(source: RemoteSource) -> Definitions:
    """Fetch, bound and parse the definitions at `source.url`.

    Raises RemoteDefinitionsError for every failure, with one plain sentence.
    """
    _check_request(source)
    shown = display_url(source.url)
    data, content_type = _fetch(source)
    text = _decode(data, content_type, shown)
    try:
        return parse_definitions(text, source=f"definitions at {shown}")
    except DefinitionsError as problem:
        listed = problem_list(problem.problems)
        raise RemoteDefinitionsError(_(
            "The document at {address} is not valid definitions: {problems}.").format(
                address=shown, problems=listed), tuple(problem.problems)) from problem


def _check_request(source: RemoteSource) -> None:
    """Refuse what can be refused before any network use."""
    _check_address(source.url)
    if not source.timeout > 0:
        raise RemoteDefinitionsError(_("The timeout must be a positive number of seconds."))
    if source.max_bytes <= 0:
        raise RemoteDefinitionsError(_("The size limit must be a positive number of bytes."))
    if source.max_bytes > MAX_DEFINITIONS_BYTES:
        raise RemoteDefinitionsError(_("The size limit can be at most {size}, the limit of "
                                       "every definitions document.").format(
                                           size=_size(MAX_DEFINITIONS_BYTES)))
    if source.api_key and source.api_key_header is not None \
            and not HEADER_NAME_PATTERN.match(source.api_key_header):
        raise RemoteDefinitionsError(_("The API key header name is not a valid HTTP header "
                                       "name (use letters, digits and dashes, e.g. "
                                       "Authorization or X-API-Key)."))
    seen: set[str] = set()
    for name, value in source.header_pairs():
        if name.lower() in seen:  # HTTP names ignore case: which value would win?
            raise RemoteDefinitionsError(_("The {name} header is given twice; keep one.")
                                         .format(name=name))
        seen.add(name.lower())
        if not HEADER_NAME_PATTERN.match(name):
            raise RemoteDefinitionsError(_("'{name}' is not a valid HTTP header name.")
                                         .format(name=name))
        if not HEADER_VALUE_PATTERN.match(value):  # never quote the value: it is a secret
            raise RemoteDefinitionsError(_(
                "The value of the {name} header contains line breaks or characters an HTTP "
                "header cannot carry; paste it again.").format(name=name))


def _check_address(url: str) -> None:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = _("'{value}'").format(value=scheme) if scheme else _("none")
        raise RemoteDefinitionsError(_("Only http:// and https:// addresses can be loaded "
                                       "(the address's scheme is {scheme}).").format(
                                           scheme=shown))
    if not parts.hostname:
        raise RemoteDefinitionsError(_("The definitions address has no host name."))


def _fetch(source: RemoteSource) -> tuple[bytes, str]:
    """Follow at most MAX_REDIRECTS redirects by hand, then read the body within limits."""
    deadline = time.monotonic() + source.timeout
    url = source.url.strip()
    origin = _origin(url)
    with requests.Session() as session:
        for _hop in range(MAX_REDIRECTS + 1):
            headers = source.headers() if _origin(url) == origin else {}
            response = _get(session, url, headers, source, deadline)
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    _check_redirect(url)
                    continue
                _check_status(response, source, display_url(url))
                content_type = _check_content_type(response, display_url(url))
                return _read_body(response, source, deadline, display_url(url)), content_type
    raise RemoteDefinitionsError(_("The definitions address redirected more than {count} "
                                   "times; give the final address instead.").format(
                                       count=MAX_REDIRECTS))


def _get(session: requests.Session, url: str, headers: Mapping[str, str],
         source: RemoteSource, deadline: float) -> requests.Response:
    """One GET, with its exceptions turned into plain sentences (never with a header)."""
    host = urlsplit(url).hostname or _("the server")
    remaining = max(deadline - time.monotonic(), 0.001)
    try:
        return session.get(url, headers=dict(headers), stream=True, allow_redirects=False,
                           timeout=(remaining, remaining))
    except requests.exceptions.Timeout as problem:
        raise _timed_out(source) from problem
    except requests.exceptions.SSLError as problem:
        raise RemoteDefinitionsError(_("The secure connection to {host} failed (its "
                                       "certificate could not be verified).").format(
                                           host=host)) from problem
    except requests.exceptions.ConnectionError as problem:
        raise RemoteDefinitionsError(_("Could not connect to {host}: check the address and "
                                       "that the server is reachable from here.").format(
                                           host=host)) from problem
    except requests.exceptions.InvalidHeader:
        # requests quotes the offending header value in this message: drop it.
        raise RemoteDefinitionsError(_("A header of the request is not valid; check the "
                                       "names and values of the keys sent.")) from None
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema):
        raise RemoteDefinitionsError(_("The definitions address is not a valid URL.")) \
            from None
    except requests.exceptions.RequestException as problem:
        raise RemoteDefinitionsError(_("The definitions could not be loaded from {host} "
                                       "({problem}).").format(
                                           host=host, problem=type(problem).__name__)) \
            from problem
    except ValueError:  # http.client refusing a header or address: may quote a secret
        raise RemoteDefinitionsError(_("The request could not be sent; check the address "
                                       "and the names of the keys sent.")) from None


def _check_redirect(url: str) -> None:
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise RemoteDefinitionsError(_("The definitions address redirected to something "
                                       "other than an http:// or https:// address, which is "
                                       "refused."))


def _check_status(response: requests.Response, source: RemoteSource, shown: str) -> None:
    status = response.status_code
    if status in (401, 403):
        if source.secret_headers:  # names only: they say which keys to check
            sent = ", ".join(name for name, _value in source.header_pairs())
            raise RemoteDefinitionsError(_("The definitions server refused access "
                                           "(HTTP {status}): the keys sent ({keys}) were "
                                           "refused.").format(status=status, keys=sent))
        if source.api_key:
            raise RemoteDefinitionsError(_("The definitions server refused access "
                                           "(HTTP {status}): the API key was refused.").format(
                                               status=status))
        raise RemoteDefinitionsError(_("The definitions server refused access (HTTP {status}): "
                                       "it needs an API key.").format(status=status))
    if status == 404:
        raise RemoteDefinitionsError(_("Nothing was found at {address} (HTTP 404): check the "
                                       "address.").format(address=shown))
    if not 200 <= status < 300:
        reason = f" {response.reason}" if response.reason else ""
        raise RemoteDefinitionsError(_("The definitions server answered HTTP {status}{reason} "
                                       "instead of the document.").format(
                                           status=status, reason=reason))


def _check_content_type(response: requests.Response, shown: str) -> str:
    """The declared type, when it is JSON, YAML or plain text (never an HTML page)."""
    declared = response.headers.get("Content-Type", "")
    media = declared.split(";")[0].strip().lower()
    if media in _TEXT_TYPES or media.endswith(("+json", "+yaml")):
        return declared
    kind = _("'{value}'").format(value=media) if media else _("an undeclared type")
    raise RemoteDefinitionsError(_("The address {address} returned {kind}, not a JSON or YAML "
                                   "document (is it a web page or a login screen?).").format(
                                       address=shown, kind=kind))


def _read_body(response: requests.Response, source: RemoteSource, deadline: float,
               shown: str) -> bytes:
    """The body, stopping as soon as it passes the size limit or the deadline."""
    too_big = RemoteDefinitionsError(_("The document at {address} is larger than the "
                                       "{size} limit.").format(
                                           address=shown, size=_size(source.max_bytes)))
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > source.max_bytes:
        raise too_big
    body = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > source.max_bytes:
                raise too_big
            if time.monotonic() > deadline:
                raise _timed_out(source)
    except requests.exceptions.RequestException as problem:
        if isinstance(problem, requests.exceptions.Timeout) or any(
                isinstance(arg, ReadTimeoutError) for arg in problem.args):
            raise _timed_out(source) from problem
        raise RemoteDefinitionsError(_("The connection broke while reading {address}.")
                                     .format(address=shown)) from problem
    return bytes(body)


def _decode(data: bytes, content_type: str, shown: str) -> str | bytes:
    """Text in the declared charset; undeclared is left to the parser (UTF-8)."""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_content_charset()
    if not charset:
        return data
    try:
        codecs.lookup(charset)
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError) as problem:
        raise RemoteDefinitionsError(_("The document at {address} is not valid {charset} "
                                       "text.").format(address=shown, charset=charset)) \
            from problem


def _timed_out(source: RemoteSource) -> RemoteDefinitionsError:
    return RemoteDefinitionsError(_("The definitions server did not answer within "
                                    "{seconds} seconds.").format(
                                        seconds=format(source.timeout, "g")))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return _("{size} MB").format(size=format(limit / (1024 * 1024), "g"))
    if limit >= 1024:
        return _("{size} KB").format(size=format(limit / 1024, "g"))
    return _("{size} bytes").format(size=limit)
