"""Who may change the organization's definitions.

Checking a file is open to everyone who can reach the app, but the definitions drive
every later check of the whole team, so changing them takes an admin. The app runs in
one of three modes, read from its secrets and the environment:

- **sign-in**: `[auth]` in secrets configures Streamlit's OpenID Connect sign-in. Only
  signed-in people get into the app, and the admins are the emails listed in
  `admin_emails` under `[preflight]`. This is the mode with real identities.
- **password**: no sign-in, but an admin password (`PREFLIGHT_ADMIN_PASSWORD`, else
  `admin_password` under `[preflight]`) unlocks editing for one browser session. The
  environment wins, as it does for the database URL, so a deployment can override a
  checked-in secrets file without editing it.
- **read-only**: neither; the definitions page only shows them.

The sentence a person reads (`Access.message`) is for a finance user: who can change
the definitions (ask an admin, named when sign-in says who they are). What to set up
(`Access.setup`) is for whoever deploys the app, shown apart and collapsed.

This module decides; it never reads Streamlit. `ui/access.py` gives it the secrets,
the environment and the signed-in user, and draws the screens.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as _random
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from checks.i18n import N_, _

#: What the pages use (through `checks.views`).
__all__ = [
    "Access", "AccessConfig", "Mode", "PasswordThrottle", "Visitor", "decide",
    "password_matches", "unlock_token",
]

ADMIN_PASSWORD_ENV = "PREFLIGHT_ADMIN_PASSWORD"
SECTION = "preflight"  # [preflight] in .streamlit/secrets.toml
AUTH_SECTION = "auth"  # Streamlit's own sign-in settings
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
# A per-process key for the unlock token: the session keeps a keyed digest of the
# password that unlocked it, never the password, and a changed password locks everyone.
_TOKEN_KEY = _random.token_bytes(32)

#: Filled with `how_to_enable()`, in the current language.
HOW_TO_ENABLE = N_(
    "To allow editing, set an admin password (the environment variable "
    "{variable}, or admin_password under [{section}] in "
    ".streamlit/secrets.toml), or configure sign-in ([auth] in .streamlit/secrets.toml) "
    "and list the admins in admin_emails under [{section}]."
)


def how_to_enable() -> str:
    """What to set up so that someone may edit, in the current language."""
    return _(HOW_TO_ENABLE).format(variable=ADMIN_PASSWORD_ENV, section=SECTION)


class Mode(StrEnum):
    SIGN_IN = "sign-in"
    PASSWORD = "password"
    READ_ONLY = "read-only"


@dataclass(frozen=True)
class AccessConfig:
    """How the app is set up. The password never appears in a repr or a message."""

    sign_in: bool = False
    providers: tuple[str, ...] = ()  # named [auth.NAME] providers
    default_provider: bool = False  # the client settings sit in [auth] itself
    admin_emails: frozenset[str] = frozenset()
    admin_password: str | None = field(default=None, repr=False)

    @property
    def mode(self) -> Mode:
        """Sign-in wins over a password: with real identities, a shared password
        would let anyone who learnt it edit under nobody's name."""
        if self.sign_in:
            return Mode.SIGN_IN
        if self.admin_password:
            return Mode.PASSWORD
        return Mode.READ_ONLY

    @classmethod
    def from_settings(cls, secrets: Mapping[str, Any],
                      environ: Mapping[str, str]) -> AccessConfig:
        """Read the secrets (as a plain mapping) and the environment; settings of the
        wrong shape count as absent, since a typo must not open editing to everyone."""
        own = secrets.get(SECTION)
        own = own if isinstance(own, Mapping) else {}
        auth = secrets.get(AUTH_SECTION)
        auth = auth if isinstance(auth, Mapping) and auth else None
        password = environ.get(ADMIN_PASSWORD_ENV) or _text(own.get("admin_password"))
        providers = tuple(name for name, value in (auth or {}).items()
                          if isinstance(value, Mapping))
        return cls(sign_in=auth is not None, providers=providers,
                   default_provider=auth is not None and any(k in auth for k in _PROVIDER_KEYS),
                   admin_emails=_emails(own.get("admin_emails")),
                   admin_password=password or None)


@dataclass(frozen=True)
class Visitor:
    """The person using this browser session, as far as the app knows."""

    signed_in: bool = False
    email: str | None = None
    email_verified: bool | None = None  # the provider's claim, when it sends one
    unlocked_with: str | None = None  # this session's unlock token, if any


@dataclass(frozen=True)
class Access:
    """What the visitor may do, and the sentence that tells them."""

    mode: Mode
    admitted: bool  # may use the app at all
    may_edit: bool  # may change the definitions
    message: str
    #: What to set up for someone to edit, for whoever deploys the app (None: nothing)
    setup: str | None = None


#: What a person who may not edit reads, before any detail.
ASK_AN_ADMIN = N_("Ask an admin of your team to change the definitions.")


def decide(config: AccessConfig, visitor: Visitor) -> Access:
    """Whether the visitor gets in and may edit, with the reason in plain words."""
    mode = config.mode
    if mode is Mode.SIGN_IN:
        return _signed_in_access(config, visitor)
    if mode is Mode.PASSWORD:
        token = unlock_token(config)
        unlocked = (visitor.unlocked_with is not None and token is not None
                    and hmac.compare_digest(visitor.unlocked_with, token))
        if unlocked:
            return Access(mode, True, True,
                          _("Editing is unlocked for this browser session."))
        return Access(mode, True, False, _("The definitions are read-only until you enter "
                                           "the admin password. Not an admin? {ask}").format(
                                               ask=_(ASK_AN_ADMIN)))
    return Access(mode, True, False,
                  _("The definitions are read-only. {ask}").format(ask=_(ASK_AN_ADMIN)),
                  setup=how_to_enable())


def _signed_in_access(config: AccessConfig, visitor: Visitor) -> Access:
    mode = Mode.SIGN_IN
    if not visitor.signed_in:
        return Access(mode, False, False, _("Sign in to use Preflight."))
    email = (visitor.email or "").strip().lower()
    who = _("You are signed in as {email}").format(email=visitor.email) if email else (
        _("You are signed in, but your account gave no email address"))
    if email and email in config.admin_emails and visitor.email_verified is not False:
        return Access(mode, True, True,
                      _("{who}, an admin: you can change the definitions.").format(who=who))
    if not config.admin_emails:
        return Access(mode, True, False,
                      _("{who}. The definitions are read-only for you. {ask}").format(
                          who=who, ask=_(ASK_AN_ADMIN)),
                      setup=_("No admin is listed yet: list the admins' emails in "
                              "admin_emails under [{section}] in .streamlit/secrets.toml."
                              ).format(section=SECTION))
    admins = ", ".join(sorted(config.admin_emails))
    if email in config.admin_emails:
        return Access(mode, True, False,
                      _("{who}. The definitions are read-only for you: your sign-in provider "
                        "has not verified this email address. Ask an admin of your team to "
                        "change the definitions: {admins}.").format(who=who, admins=admins))
    return Access(mode, True, False,
                  _("{who}. The definitions are read-only for you. Ask an admin of your "
                    "team to change the definitions: {admins}.").format(who=who, admins=admins))


def unlock_token(config: AccessConfig) -> str | None:
    """What a session keeps once the right password was entered: a keyed digest that
    stops matching when the password changes, and that reveals nothing of it."""
    if not config.admin_password:
        return None
    return hmac.new(_TOKEN_KEY, config.admin_password.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def password_matches(config: AccessConfig, typed: str) -> bool:
    """Compare in constant time, so the answer's timing tells nothing of the password."""
    if not config.admin_password or not typed:
        return False
    return hmac.compare_digest(typed.encode("utf-8"), config.admin_password.encode("utf-8"))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, Mapping | list | tuple | bool):
        return None
    return str(value)


def _emails(value: Any) -> frozenset[str]:
    """A list of emails, or one string with commas or spaces between them."""
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        return frozenset()
    return frozenset(item.strip().lower() for item in items
                     if isinstance(item, str) and item.strip())


class PasswordThrottle:
    """At most `attempts` wrong admin passwords per `window` seconds, for the whole
    server.

    A per-session limit would stop nobody: a new browser session is one reload away.
    So wrong tries from every session count together, and once the limit is reached
    every try (the right password included, or the limit would tell which one is
    right) waits until the oldest wrong try leaves the window. Someone could keep the
    admins waiting by typing wrong passwords; sign-in mode has no such limit and is
    the one to use for a shared deployment. Thread-safe: Streamlit runs each session
    in its own thread.
    """

    def __init__(self, attempts: int = 5, window: float = 60.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self, now: float) -> float:
        """Seconds before the next try is allowed; 0 when it is allowed now."""
        with self._lock:
            self._forget(now)
            if len(self._failures) < self.attempts:
                return 0.0
            return max(0.0, self._failures[0] + self.window - now)

    def failed(self, now: float) -> None:
        """Count a wrong password tried at `now`."""
        with self._lock:
            self._forget(now)
            self._failures.append(now)

    def _forget(self, now: float) -> None:
        while self._failures and self._failures[0] <= now - self.window:
            self._failures.popleft()
