"""Email addresses: contacts' emails and account managers (organization members).

`email_format` uses the pattern Upflow's mail provider accepts, not RFC 5322 in full:
something@domain.tld with no spaces, exactly one @, a local part of ASCII letters,
digits and the symbols `+ _ ' . -` (no leading, trailing or doubled dots), a domain of
dot-separated labels of ASCII letters, digits and hyphens, and a top-level domain of at
least two letters (or an `xn--` punycode one). Upflow's help centre says any other
character makes it answer "This email address is invalid", so "jöhn@exemple.fr",
"paiements@société.fr" and "compta#1@exemple.fr" are refused here too, and the message
names the character. The pattern runs in Arrow's RE2 engine, so a million addresses
take a fraction of a second and no Python code runs per row; the reasons are worked
out only for the (usually few) invalid values, also in Arrow.

Account manager cells hold one or more member emails separated by commas (Upflow:
"Separate emails with a comma to assign several account managers"). Each item is
trimmed and judged on its own; member lookups use the lowercase form, so
"Jane.Doe@demo.example" for the account manager jane.doe@demo.example fails only
`email_uppercase` ("one problem, one finding": the engine keeps the most specific
rule when several fail, but each rule's verdict is right on its own).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import CellCheck, ColumnTest, verdict
from checks.check.cells.spaces import (
    TEXT,
    ListItems,
    by_distinct,
    cleaned,
    list_whitespace_check,
    quoted,
    text_scalar,
    to_arrow,
    to_bool,
)
from checks.check.implements import Implements
from checks.check.memo import arrow_data
from checks.definitions.document import Member
from checks.i18n import _
from checks.text.templates import fill_arrow, fill_texts
from checks.text.vectorised import spread_texts, take_rows

#: Marks the bad items of split cells (one bool per item).
ItemTest = Callable[[ListItems], np.ndarray]

#: What separates account managers in one cell.
ACCOUNT_MANAGER_SEPARATOR = ","

#: The rules this module implements, and their ranks among value rules: an address
#: that is malformed, or no account manager even lowercased, is reported for that
#: alone, not also for its capitals (`account_manager_checks`).
IMPLEMENTS = (
    Implements("email_format", priority=30),
    Implements("member_not_found", priority=40),
    Implements("member_not_account_manager", priority=50),
    Implements("email_uppercase", priority=60),
)

#: What Upflow's mail provider accepts: before the @, ASCII letters, digits and
#: `+ _ ' -` in dot-separated atoms; after it, labels of ASCII letters, digits and `-`.
_ATOM = r"[A-Za-z0-9+_'-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_TLD = r"(?:[A-Za-z]{2,}|(?i:xn--)[A-Za-z0-9-]+)"
#: The email pattern (RE2 syntax: run with Arrow, not Python's `re`).
EMAIL_PATTERN = rf"^{_ATOM}+(?:\.{_ATOM}+)*@(?:{_LABEL}\.)+{_TLD}$"

#: The first character no address may hold, as the user sees it: a character outside
#: the accepted set with its combining accents, or an ASCII letter carrying one (an
#: "ö" typed as "o" + "¨" is shown whole, not as a lone accent).
_REFUSED_CHARACTER = r"(?P<c>[^A-Za-z0-9+_'.@-]\p{M}*|[A-Za-z0-9]\p{M}+)"
#: Characters a reader cannot see (format and control characters, odd spaces).
_INVISIBLE = r"[\p{C}\p{Z}]"
#: A symbol accepted before the @ but not in the domain.
_LOCAL_ONLY_AFTER_AT = r"@[^@]*[+_']"


def is_email(texts: pa.Array) -> np.ndarray:
    """Whether each text is a valid address by the practical pattern ("" is not)."""
    return to_bool(pc.match_substring_regex(texts, EMAIL_PATTERN))


def email_reason(texts: pa.Array) -> np.ndarray:
    """A short reason why each text is not a valid address, as a message detail
    (" (it contains a space)"), or "" when no simple reason applies."""
    phrases = reason_phrases(texts)
    detail = fill_texts(_(" ({reason})"), reason=pd.Series(phrases, dtype="str"))
    return np.where(phrases == "", "", detail.to_numpy(dtype=object)).astype(object)


def reason_phrases(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per text, the reason it is not a valid address as a bare phrase ("it contains
    a space"), or "" when no simple reason applies. The first reason that holds wins,
    most telling first: a list of addresses is one mistake, not a refused ","."""
    conditions = [
        to_bool(pc.match_substring(texts, " ")),
        to_bool(pc.match_substring_regex(texts, "[,;]")),
        to_bool(pc.match_substring_regex(texts, _INVISIBLE)),
        to_bool(pc.match_substring_regex(texts, _REFUSED_CHARACTER)),
        ~to_bool(pc.match_substring(texts, "@")),
        to_bool(pc.greater(pc.count_substring(texts, "@"), 1)),
        to_bool(pc.match_substring(texts, "..")),
        to_bool(pc.match_substring_regex(texts, "@[^.]*$")),
        to_bool(pc.match_substring_regex(texts, _LOCAL_ONLY_AFTER_AT)),
    ]
    reasons = [
        _("it contains a space"),
        _("put a single email address in the cell"),
        _("it contains an invisible character; retype the address"),
        _refused_phrases(texts),
        _("the @ is missing"),
        _("it has more than one @"),
        _("it has two dots in a row"),
        _("the domain after the @ is incomplete"),
        _after_at_phrases(texts),
    ]
    return np.select(conditions, reasons, default="").astype(object)


def _refused_phrases(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per text, "it contains 'ö', which Upflow's mail provider does not accept" for
    its first refused character ("" when it has none)."""
    found = pc.struct_field(pc.extract_regex(texts, _REFUSED_CHARACTER), [0])
    phrase = fill_arrow(_("it contains '{character}', which Upflow's mail provider does not "
                          "accept"), character=found.cast(TEXT))
    return _texts(phrase)


def _after_at_phrases(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per text, the symbol accepted before the @ that its domain holds, in a phrase
    ("" when none)."""
    symbol = pc.utf8_slice_codeunits(
        pc.struct_field(pc.extract_regex(texts, rf"(?P<s>{_LOCAL_ONLY_AFTER_AT})"), [0]), -1)
    phrase = fill_arrow(_("it contains '{character}' after the @, where only letters, "
                          "digits, hyphens and dots are accepted"), character=symbol.cast(TEXT))
    return _texts(phrase)


def _texts(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow text result as a numpy object array, nulls as ""."""
    return np.asarray(array.fill_null("").to_numpy(zero_copy_only=False), dtype=object)


# ── contacts ──────────────────────────────────────────────────────────────────


def contact_email_checks() -> list[CellCheck]:
    """The value rules of Contact email address: `email_format` on the
    space-cleaned value (spaces around it are `whitespace`'s). No fix: a wrong
    address cannot be guessed safely."""
    return [CellCheck("email_format", passes=_contact_passes, explain=_contact_explain)]


def _contact_passes(values: pd.Series) -> pd.Series:
    cells = _chunks(cleaned(values))
    empty = to_bool(pc.equal(cells, text_scalar("")))
    return pd.Series(empty | is_email(cells), index=values.index)


def _contact_explain(values: pd.Series) -> pd.Series:
    bad = ~verdict(_contact_passes, values).to_numpy(dtype=bool)
    reasons = np.empty(0, dtype=object)
    if bad.any():  # reasons only for the (usually few) invalid addresses
        reasons = email_reason(to_arrow(take_rows(cleaned(values), bad)))
    return spread_texts(len(values), bad, reasons, values.index)


def _chunks(values: pd.Series) -> pa.ChunkedArray:
    """The column's Arrow chunks as they are (no copy into one array): enough for
    element-wise kernels."""
    array = arrow_data(values)
    if array is not None and array.type == TEXT:
        return array
    return pa.chunked_array([to_arrow(values)])


# ── account managers ──────────────────────────────────────────────────────────


def account_manager_whitespace_check() -> CellCheck:
    """`whitespace` for Account manager cells: also spaces around the commas
    ("a@x.com, b@x.com" → "a@x.com,b@x.com")."""
    return list_whitespace_check(ACCOUNT_MANAGER_SEPARATOR)


def account_manager_checks(members: tuple[Member, ...]) -> list[CellCheck]:
    """The value rules of the Account manager column, in priority order:

    - `email_format`: an item is not a valid address, or is empty ("a@x.com," or
      "a@x.com,,b@x.com"); no fix.
    - `member_not_found`: an item, lowercased, is not a member's email; the detail
      quotes the offending items as written ("'bob@x.com'"). Empty items are left to
      `email_format`.
    - `member_not_account_manager`: an item is a member without the account
      manager role; detail as above.
    - `email_uppercase`: an item has capital letters. The fix is the whole cell
      lowercased, items trimmed and joined with ",". It is proposed even when an
      item is also not an account manager: lowercase is required anyway, and the
      engine reports the member rule (higher priority, no fix) for such cells.
    """
    emails = pa.array([member.email for member in members], TEXT)
    managers = pa.array([m.email for m in members if m.is_account_manager], TEXT)

    def not_found(split: ListItems) -> np.ndarray:
        lower = pc.utf8_lower(split.items)
        empty = to_bool(pc.equal(split.items, text_scalar("")))
        return ~to_bool(pc.is_in(lower, value_set=emails)) & ~empty

    def not_manager(split: ListItems) -> np.ndarray:
        lower = pc.utf8_lower(split.items)
        member = to_bool(pc.is_in(lower, value_set=emails))
        return member & ~to_bool(pc.is_in(lower, value_set=managers))

    def uppercase(split: ListItems) -> np.ndarray:
        return to_bool(pc.not_equal(split.items, pc.utf8_lower(split.items)))

    def lowercase_fix(values: pd.Series) -> pd.Series:
        split, empty = _split(values)
        fails = split.any_per_cell(uppercase(split)) & ~empty
        joined = split.join(pc.utf8_lower(split.items), np.ones(len(split.items), bool),
                            text_scalar(ACCOUNT_MANAGER_SEPARATOR))
        return _where(fails, joined, values.index)

    # Account manager columns repeat a few dozen members: work per distinct cell.
    return [
        CellCheck("email_format", passes=by_distinct(_item_rule_passes(_bad_format)),
                  explain=by_distinct(_format_explain)),
        CellCheck("member_not_found", passes=by_distinct(_item_rule_passes(not_found)),
                  explain=by_distinct(_items_explain(not_found))),
        CellCheck("member_not_account_manager",
                  passes=by_distinct(_item_rule_passes(not_manager)),
                  explain=by_distinct(_items_explain(not_manager))),
        CellCheck("email_uppercase", passes=by_distinct(_item_rule_passes(uppercase)),
                  propose=by_distinct(lowercase_fix)),
    ]


def _split(values: pd.Series) -> tuple[ListItems, np.ndarray]:
    cells = to_arrow(cleaned(values))
    empty = to_bool(pc.equal(cells, text_scalar("")))
    return ListItems.split(cells, ACCOUNT_MANAGER_SEPARATOR), empty


def _bad_format(split: ListItems) -> np.ndarray:
    return ~is_email(split.items)


def _item_rule_passes(bad_items: ItemTest) -> ColumnTest:
    """A `passes` that fails a non-empty cell when any of its items is bad."""

    def passes(values: pd.Series) -> pd.Series:
        split, empty = _split(values)
        return pd.Series(~split.any_per_cell(bad_items(split)) | empty, index=values.index)

    return passes


def _items_explain(bad_items: ItemTest) -> ColumnTest:
    """An `explain` quoting the cell's bad items as written: "'a@x.com', 'b@x.com'"."""

    def explain(values: pd.Series) -> pd.Series:
        split, _empty = _split(values)
        bad = bad_items(split)
        listed = split.join(quoted(split.items), bad, text_scalar(", "))
        return pd.Series(listed.to_numpy(zero_copy_only=False), index=values.index,
                         dtype="str")

    return explain


def _format_explain(values: pd.Series) -> pd.Series:
    """Why the cell is not a list of valid addresses: a ";" used as separator, an
    empty item, the one address's reason, or the invalid items quoted. Built only
    for the failing cells."""
    split, empty = _split(values)
    fails = split.any_per_cell(_bad_format(split)) & ~empty
    detail = np.full(len(fails), "", dtype=object)
    if fails.any():
        detail[fails] = _format_detail(split.cells.filter(pa.array(fails)))
    return pd.Series(detail, index=values.index, dtype="str")


def _format_detail(cells: pa.Array) -> np.ndarray:
    split = ListItems.split(cells, ACCOUNT_MANAGER_SEPARATOR)
    bad = _bad_format(split)
    count = split.count_per_cell()
    listed = split.join(_item_with_reason(split.items), bad, text_scalar("; "))
    check = fill_texts(_(" (check {emails})"),
                       emails=pd.Series(listed, dtype="str")).to_numpy(dtype=object)
    conditions = [
        to_bool(pc.match_substring(cells, ";")),
        split.any_per_cell(to_bool(pc.equal(split.items, text_scalar("")))),
        count == 1,
    ]
    choices = [
        np.full(len(count), _(" (separate several emails with a comma)"), dtype=object),
        np.full(len(count), _(" (remove the extra comma)"), dtype=object),
        email_reason(cells),
    ]
    return np.select(conditions, choices, default=check)


def _item_with_reason(items: pa.Array) -> pa.Array:
    """Each item quoted, with its reason when one applies: "'jöhn@x.fr': it contains
    'ö', which Upflow's mail provider does not accept", or just "'paul'"."""
    phrases = pa.array(reason_phrases(items), TEXT)
    with_reason = fill_arrow(_("{email}: {reason}"), email=quoted(items), reason=phrases)
    return pc.if_else(pc.equal(phrases, text_scalar("")), quoted(items), with_reason)


def _where(mask: np.ndarray, texts: pa.Array, index: pd.Index) -> pd.Series:
    """`texts` where `mask`, None elsewhere, as an object column of fixes."""
    out = np.asarray(texts.to_numpy(zero_copy_only=False), dtype=object)
    out[~mask] = None
    return pd.Series(out, index=index, dtype=object)
