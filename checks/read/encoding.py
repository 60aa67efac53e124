"""Bytes → text: which encoding a CSV file was saved in.

Order of attempts, most certain first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): the file says what it is;
2. strict UTF-8: real text in another encoding almost never decodes as UTF-8;
3. Windows-1252 when the result reads like a Western language (accented letters
   inside words, not runs of them). Excel on Windows saves "CSV" in Windows-1252 in
   Western Europe and the Americas; charset-normalizer is not trusted for it because
   on Latin text with few accents it often prefers a sibling code page (cp1250,
   cp1257, even Korean johab) that turns "à" into "ŕ". The price: a Central European
   file (cp1250) is read as Windows-1252 and a few letters come out wrong;
4. whatever charset-normalizer proposes (Cyrillic, Greek, Asian encodings…);
5. otherwise the file is unreadable.

Binary content (NUL bytes, many control characters) is refused here too, so that an
image renamed .csv is reported as such instead of as a one-column table of garbage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from checks.read.common import SUPPORTED, NotReadable

#: How much of the start of a file is decoded to detect the separator and header.
HEAD_BYTES = 1 << 16

#: How much of the file charset-normalizer looks at: detection is statistical, and
#: the whole file is still strictly decoded with the chosen encoding afterwards.
_DETECTION_SAMPLE = 1 << 20

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32",
    "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32": "UTF-32",
    "cp1252": "Windows-1252", "latin_1": "Latin-1 (ISO-8859-1)", "mac_roman": "Mac Roman",
    "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "shift_jis": "Shift JIS", "cp932": "Shift JIS",
    "euc_jp": "EUC-JP", "gb2312": "GB2312", "gb18030": "GB18030", "big5": "Big5",
    "euc_kr": "EUC-KR", "cp949": "EUC-KR",
}

_NON_ASCII = re.compile("[^\x00-\x7f]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]{3,}")

#: C0 control bytes that never appear in a text file made by a spreadsheet (tab, line
#: feed, vertical tab, form feed, carriage return and SUB are left out: some exporters
#: write them). Checked only when the file is not UTF-8, i.e. when its encoding must be
#: guessed and any bytes would "decode"; valid UTF-8 keeps its rare control characters.
_BINARY_CONTROLS = re.compile(b"[\x00-\x08\x0e-\x19\x1b-\x1f]")


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
    `label` is the name a person knows it by ("Windows-1252"); `is_utf8` says whether
    the export keeps the file's encoding (then no `encoding_converted` finding).
    """

    text: str
    encoding: str
    label: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf-8", "utf-8-sig")


def label_of(encoding: str) -> str:
    """The human name of a Python codec name, e.g. cp1250 → Windows-1250."""
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
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8", "UTF-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise NotReadable(_nul_message())
    sample = data[:HEAD_BYTES]
    if len(_BINARY_CONTROLS.findall(sample)) > max(1, len(sample) // 100):
        raise NotReadable(
            "This file is not text: it is full of control characters, so it is probably a "
            f"binary file. {SUPPORTED}")
    return _checked(_decode_legacy(data))


def _decode_strict(data: bytes, encoding: str) -> Decoded:
    """Decode a file that starts with a byte-order mark (the codec consumes it and
    takes the byte order from it): the mark promised the encoding, so an error means
    a damaged file."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise NotReadable(
            f"This file starts with a {label_of(encoding)} marker but is not valid "
            f"{label_of(encoding)} text (damaged at byte {error.start}). Save it again as "
            f"CSV UTF-8. {SUPPORTED}") from None
    return Decoded(text, encoding, label_of(encoding))


def _decode_legacy(data: bytes) -> Decoded:
    """A file that is not UTF-8: Windows-1252 when its text reads as a Western
    language, else what charset-normalizer proposes (see the module docstring)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_western(text[:_DETECTION_SAMPLE]):
        return Decoded(text, "cp1252", "Windows-1252")
    best = from_bytes(data[:_DETECTION_SAMPLE]).best()
    if best is None:
        raise NotReadable(_unknown_message())
    try:
        return Decoded(data.decode(best.encoding), best.encoding, label_of(best.encoding))
    except (UnicodeDecodeError, LookupError):
        raise NotReadable(_unknown_message()) from None


def _looks_western(text: str) -> bool:
    """Whether the non-ASCII characters sit inside words, as accents do (é, ß, –),
    rather than in runs of three or more, which is what Cyrillic, Greek, Arabic,
    Hebrew or Asian text looks like when read as Windows-1252 ("Èâàíîâ")."""
    non_ascii = len(_NON_ASCII.findall(text))
    in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(text))
    return in_runs * 2 <= non_ascii


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text that is really binary: NUL characters never occur in text."""
    if "\x00" in decoded.text:
        raise NotReadable(_nul_message())
    return decoded


def _nul_message() -> str:
    return ("This file is not text: it contains NUL bytes, so it is a binary file (or "
            f"UTF-16 text without a byte-order mark). {SUPPORTED}")


def _unknown_message() -> str:
    return ("This file is not text Preflight can read: it is not UTF-8, UTF-16 or "
            "Windows-1252, and no other text encoding fits it. If it is a spreadsheet, save "
            f"it again as CSV UTF-8 or XLSX. {SUPPORTED}")
