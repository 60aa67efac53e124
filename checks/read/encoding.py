"""Bytes → text: which encoding a CSV file was saved in.

Order of attempts, most certain first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): the file says what it is;
2. UTF-16 without a byte-order mark when the bytes clearly say so: a NUL byte in
   every other position (the high byte of Latin text) and almost never in the others;
3. strict UTF-8: real text in another encoding almost never decodes as UTF-8;
4. the Windows code page (Windows-1252 for Western Europe, 1250, 1251, 1253, 1254…)
   whose text reads most like words (`checks.read.code_pages`): what Excel writes as
   "CSV" in each region. charset-normalizer alone is not trusted for it: on Latin text
   with few accents, or whose only non-ASCII characters are typographic quotes and
   dashes, it often prefers a sibling code page (cp1250, CP1006) that turns "à" into
   "ŕ" or "…" into a control character;
5. charset-normalizer's guess when no code page reads as words (Asian encodings),
   never one whose text holds C1 control characters;
6. otherwise the file is unreadable.

Binary content (NUL bytes, many control characters) is refused here too, so that an
image renamed .csv is reported as such instead of as a one-column table of garbage.
So is a UTF-8 file damaged in one place (step 2 fails on a few bytes while the
accented letters around them are valid UTF-8): read as Windows-1252 it would turn
every "é" of the file into "Ã©" with only an info finding to show for it, so it is
refused with the line to correct instead.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from checks.i18n import N_, _, number
from checks.read.code_pages import guess_code_page
from checks.read.common import SUPPORTED, NotReadable

#: How much of the start of a file is decoded to detect the separator and header.
HEAD_BYTES = 1 << 16

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32",
    "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
    "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32": "UTF-32",
    "latin_1": "Latin-1 (ISO-8859-1)", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U",
    "shift_jis": "Shift JIS", "cp932": "Shift JIS", "euc_jp": "EUC-JP", "gb2312": "GB2312",
    "gb18030": "GB18030", "big5": "Big5", "euc_kr": "EUC-KR", "cp949": "EUC-KR",
}

#: The code pages Windows and Mac computers save text in, by the region they serve:
#: the words a person knows them by (a code page number means nothing to most).
_REGIONAL = {
    "cp1252": N_("Windows (Western Europe)"), "cp1250": N_("Windows (Central Europe)"),
    "cp1251": N_("Windows (Cyrillic)"), "cp1253": N_("Windows (Greek)"),
    "cp1254": N_("Windows (Turkish)"), "cp1255": N_("Windows (Hebrew)"),
    "cp1256": N_("Windows (Arabic)"), "cp1257": N_("Windows (Baltic)"),
    "cp1258": N_("Windows (Vietnamese)"), "mac_roman": N_("Mac (Western Europe)"),
}

#: C0 control bytes that never appear in a text file made by a spreadsheet (tab, line
#: feed, vertical tab, form feed, carriage return and SUB are left out: some exporters
#: write them). Checked only when the file is not UTF-8, i.e. when its encoding must be
#: guessed and any bytes would "decode"; valid UTF-8 keeps its rare control characters.
_BINARY_CONTROLS = re.compile(b"[\x00-\x08\x0e-\x19\x1b-\x1f]")

#: A valid UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
#: surrogates, nothing above U+10FFFF).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_HIGH_BYTES = bytes(range(0x80, 0x100))

#: How many bytes either side of the first invalid UTF-8 byte are compared to decide
#: whether the file is damaged UTF-8 or another encoding (bounded: a large file costs
#: no more than a small one).
_DAMAGE_WINDOW = 1 << 19

#: Above this share of NUL bytes a file is binary (or UTF-16 without a byte-order
#: mark, half NULs); below it, maybe text with a few stray NULs (see `_nul_message`).
_BINARY_NUL_SHARE = 0.01

#: UTF-16 without a byte-order mark: at least this share of the 2-byte units of the
#: head have a NUL in one position (ASCII and Latin-1 characters, digits, separators
#: and line breaks all do) and at most `_BINARY_NUL_SHARE` have one in the other.
_UTF16_NUL_SHARE = 0.25


@dataclass(frozen=True)
class Head:
    """The first lines of a file's text, enough to detect the separator and read the
    header without decoding a large file. `truncated`: the text goes on after it."""

    text: str
    truncated: bool


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was read with.

    `encoding` is the Python codec name ("utf-8", "utf-8-sig", "utf-16", "cp1252"…);
    `label` is the name a person knows it by ("Windows (Western Europe)"); `is_utf8`
    says whether the export keeps the file's encoding (then no `encoding_converted`
    finding).
    """

    text: str
    encoding: str
    label: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf-8", "utf-8-sig")


def label_of(encoding: str) -> str:
    """The human name of a Python codec name in the current language, e.g. cp1250 →
    "Windows (Central Europe)", utf_16 → "UTF-16"."""
    if encoding in _REGIONAL:
        return _(_REGIONAL[encoding])
    if encoding in _LABELS:
        return _LABELS[encoding]
    if re.fullmatch(r"cp125\d", encoding):
        return "Windows-" + encoding[2:]
    if encoding.startswith("iso8859_"):
        return "ISO-8859-" + encoding.removeprefix("iso8859_")
    return encoding.upper().replace("_", "-")


def utf8_start(data: bytes) -> tuple[Head, int] | None:
    """The head of a file that looks like UTF-8 (with or without its BOM) and the
    length of the BOM, without decoding the whole file; None when it is not
    plausibly UTF-8 (another BOM, invalid UTF-8 at the start, NUL bytes).

    Lets the CSV fast path hand the raw bytes to pyarrow, which validates the UTF-8
    of every cell itself: a large file is then never held as a Python string.
    """
    if b"\x00" in data:
        return None
    return utf8_head(data[:len(codecs.BOM_UTF8) + HEAD_BYTES], len(data))


def utf8_head(start: bytes, size: int) -> tuple[Head, int] | None:
    """`utf8_start` from the first bytes of a file (at least its first `HEAD_BYTES`
    + 3) and its size, for a file that is not in memory; the caller has made sure it
    holds no NUL byte."""
    bom = len(codecs.BOM_UTF8) if start.startswith(codecs.BOM_UTF8) else 0
    if not bom and any(start.startswith(mark) for mark, _ in _BOMS):
        return None
    chunk = start[bom:bom + HEAD_BYTES]
    truncated = size > bom + HEAD_BYTES
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(chunk, final=not truncated)
    except UnicodeDecodeError:
        return None
    return head_of(text, truncated), bom


def head_of(text: str, truncated: bool = False) -> Head:
    """The start of `text`, cut after its last complete line when more follows (a
    record cut in two would mislead the separator detection)."""
    if len(text) > HEAD_BYTES:
        text, truncated = text[:HEAD_BYTES], True
    if truncated:
        end = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: end + 1] if end > 0 else text
    return Head(text, truncated)


def decode(data: bytes) -> Decoded:
    """The file's text, or NotReadable saying what was tried."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_strict(data, encoding))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", "UTF-8"))
    except UnicodeDecodeError as error:
        first_invalid = error.start
    if b"\x00" in data:
        raise NotReadable(_nul_message(data))
    sample = data[:HEAD_BYTES]
    if len(_BINARY_CONTROLS.findall(sample)) > max(1, len(sample) // 100):
        raise NotReadable(_(
            "This file is not text: it is full of control characters, so it is probably a "
            "binary file.") + " " + _(SUPPORTED))
    _refuse_damaged_utf8(data, first_invalid)
    return _checked(_decode_legacy(data))


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """The text of a UTF-16 file saved without its byte-order mark, when the NUL bytes
    of its head clearly say which byte order it has and the whole file decodes as
    text; None otherwise (the file then goes through the other attempts, and NUL bytes
    make it unreadable, the message saying it may be UTF-16 without a mark)."""
    sample = data[:HEAD_BYTES]
    if len(data) % 2 or b"\x00" not in sample:
        return None
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    high, low = max(even, odd), min(even, odd)
    if high < units * _UTF16_NUL_SHARE or low > units * _BINARY_NUL_SHARE:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[:HEAD_BYTES]
    if "\x00" in text or len(_BINARY_CONTROLS.findall(head.encode("utf-8"))) > max(
            1, len(head) // 100):
        return None  # 16-bit binary data rather than text
    return Decoded(text, encoding, label_of(encoding))


def _refuse_damaged_utf8(data: bytes, first_invalid: int) -> None:
    """NotReadable when the bytes around the first invalid one are mostly valid UTF-8
    sequences (at least 4 for each invalid byte): UTF-8 text damaged there, or with
    text in another encoding pasted in. In a Windows-1252 file an accented letter is
    almost never followed by the bytes that would make it valid UTF-8; in Asian
    multi-byte encodings it happens, but far less often than 4 to 1."""
    window = data[max(0, first_invalid - _DAMAGE_WINDOW):first_invalid + _DAMAGE_WINDOW]
    rest, valid = _UTF8_SEQUENCE.subn(b"", window)
    invalid = len(rest) - len(rest.translate(None, _HIGH_BYTES))
    if valid >= 4 * invalid:
        raise NotReadable(_(
            "This file is UTF-8 text, except on line {line}: some characters there are not "
            "valid UTF-8 (the file was damaged, or text in another encoding was pasted into "
            "it). Retype the accented letters or symbols of that line, or save the file "
            "again as CSV UTF-8, and check it again.").format(
                line=number(_line_of(data, first_invalid))))


def _line_of(content: bytes, position: int) -> int:
    """The line (as a text editor numbers them) that holds the byte at `position`."""
    return (content.count(b"\n", 0, position) or content.count(b"\r", 0, position)) + 1


def _decode_strict(data: bytes, encoding: str) -> Decoded:
    """Decode a file that starts with a byte-order mark (the codec consumes it and
    takes the byte order from it): the mark promised the encoding, so an error means
    a damaged file."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        where = (_("line {line}").format(line=number(_line_of(data, error.start)))
                 if encoding == "utf-8-sig"
                 else _("byte {byte}").format(byte=number(error.start)))
        raise NotReadable(_(
            "This file starts with a {encoding} marker but is not valid {encoding} text "
            "(damaged on {where}). Save it again as CSV UTF-8.").format(
                encoding=label_of(encoding), where=where) + " " + _(SUPPORTED)) from None
    return Decoded(text, encoding, label_of(encoding))


def _decode_legacy(data: bytes) -> Decoded:
    """A file that is not UTF-8: the code page whose text reads most like words
    (`checks.read.code_pages`), never one whose text holds C1 control characters."""
    encoding = guess_code_page(data)
    if encoding is None:
        raise NotReadable(_unknown_message())
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise NotReadable(_unknown_message()) from None
    return Decoded(text, encoding, label_of(encoding))


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text that is really binary: NUL characters never occur in text."""
    if "\x00" in decoded.text:
        raise NotReadable(_nul_message(decoded.text.encode("utf-8", "surrogatepass")))
    return decoded


def _nul_message(content: bytes) -> str:
    """Binary content, or text with a few stray NUL characters (a damaged file, or a
    program that pads values with them): then say how many and where the first is.
    Text means few NULs (random binary data is 0.4% NULs, UTF-16 half) and, once they
    are set aside, hardly any other control character (binary data is 10% of them)."""
    count = content.count(b"\x00")
    sample = content[:HEAD_BYTES].replace(b"\x00", b"")
    controls = len(_BINARY_CONTROLS.findall(sample))
    if count > len(content) * _BINARY_NUL_SHARE or controls > max(1, len(sample) // 1000):
        return (_("This file is not text: it contains NUL bytes, so it is a binary file "
                  "(or UTF-16 text without a byte-order mark).") + " " + _(SUPPORTED))
    line = _line_of(content, content.find(b"\x00"))
    if count == 1:
        return _("This file is text but contains an invisible NUL character (on line {line}), "
                 "which no spreadsheet writes: the file is damaged, or was made by a program "
                 "that pads values with them. Remove it (or export the file again) and check "
                 "it again.").format(line=number(line))
    return _("This file is text but contains {count} invisible NUL characters (the first on "
             "line {line}), which no spreadsheet writes: the file is damaged, or was made by "
             "a program that pads values with them. Remove them (or export the file again) "
             "and check it again.").format(count=number(count), line=number(line))


def _unknown_message() -> str:
    return (_("This file is not text Preflight can read: it is not UTF-8, UTF-16 or "
              "Windows-1252, and no other text encoding fits it. If it is a spreadsheet, "
              "save it again as CSV UTF-8 or XLSX.") + " " + _(SUPPORTED))
