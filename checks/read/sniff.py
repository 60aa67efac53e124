"""What a file really is, from its first bytes rather than its name.

People rename files (an image saved as .csv, a CSV named .xlsx, an HTML page named
.xls by an old export), so the content decides; the name only breaks ties.
"""

from __future__ import annotations

import re
from enum import StrEnum

from checks.i18n import N_, _
from checks.read.common import SUPPORTED, NotReadable

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream name an encrypted (password-protected) Office file stores its package
#: in, as the UTF-16 LE directory entry of the OLE container.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

#: Leading bytes of formats people upload by mistake, and what to call them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"%PDF-", N_("a PDF document")),
    (b"\x1f\x8b", N_("a compressed (gzip) file")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"Rar!\x1a\x07", N_("a RAR archive")),
    (b"PK\x05\x06", N_("an empty ZIP archive")),
    (b"\x7fELF", N_("a program")),
    (b"{\\rtf", N_("a Rich Text (RTF) document")),
)


class Kind(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


#: What each workbook format is called in messages.
XLS_NAME = N_("an Excel 97-2003 workbook (.xls)")
ODS_NAME = N_("an OpenDocument spreadsheet (.ods)")

#: How an OpenDocument file starts: its first ZIP entry is `mimetype`, stored
#: uncompressed, holding the document's media type (the ODF standard requires it, so
#: the type is known from the first bytes, as `file` does).
_ODF_MEDIA_TYPE = b"application/vnd.oasis.opendocument."


def kind_of(data: bytes) -> Kind:
    """ODS for a ZIP container that starts as an OpenDocument file, XLSX for any other
    ZIP, XLS for an OLE container that is not an encrypted Office file, CSV for
    anything that may be text; NotReadable for formats that are certainly none of
    these (the message names the format found)."""
    if data.startswith(ZIP_MAGIC):
        return Kind.ODS if _is_opendocument(data) else Kind.XLSX
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise NotReadable(_(_ENCRYPTED_MESSAGE))
        return Kind.XLS
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise NotReadable(_("This file is not text: it looks like {what}.").format(
                what=_(what)) + " " + _(SUPPORTED))
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise NotReadable(_("This file is not text: it looks like {what}.").format(
            what=_("a WebP image")) + " " + _(SUPPORTED))
    _refuse_markup(data)
    return Kind.CSV


def _is_opendocument(data: bytes) -> bool:
    """Whether the ZIP's first entry is an OpenDocument `mimetype` (read from its local
    header: name length at byte 26, extra field length at 28, name from 30)."""
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    content = 30 + name_length + extra_length
    return (data[30:30 + name_length] == b"mimetype"
            and data[content:content + len(_ODF_MEDIA_TYPE)] == _ODF_MEDIA_TYPE)


#: An OLE (Compound File) container naming an `EncryptedPackage` stream is an
#: encrypted Office file: Excel stores a password-protected XLSX that way.
_ENCRYPTED_MESSAGE = N_(
    "This workbook is protected by a password, so Preflight cannot open it. Remove the "
    "password in Excel (File > Info > Protect Workbook > Encrypt with Password, then "
    "clear it), save, and upload it again.")


#: How JSON data starts: an object whose first key is a string (or an empty object),
#: or an array of objects, arrays or nothing. A CSV header never starts this way (a
#: header cell such as "[Region]" is followed by text, not by '{' or '"').
_JSON_START = re.compile(rb'\{\s*(?:"|\})|\[\s*(?:\{|\[|\])')

#: How an HTML page (or the bare table some web apps export as ".xls") starts.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta")


def _refuse_markup(data: bytes) -> None:
    """HTML, XML or JSON text is not a table: some tools export a web page named .xls,
    and API exports (JSON, or JSON Lines: one object per line) get renamed .csv."""
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _JSON_START.match(start):
        raise NotReadable(_("This file is JSON, not a spreadsheet: it holds data for "
                            "programs, not rows and columns. Export the data as CSV or XLSX "
                            "from the tool that made it (or open it in Excel with Data > Get "
                            "Data > From JSON, then save it as XLSX or CSV UTF-8).")
                          + " " + _(SUPPORTED))
    if start.startswith(_HTML_STARTS):
        raise NotReadable(_("This file is a web page (HTML), not a spreadsheet. Open it in "
                            "Excel and save it as XLSX or CSV UTF-8.") + " " + _(SUPPORTED))
    if start.startswith(b"<?xml"):
        raise NotReadable(_("This file is an XML document, not a spreadsheet. Open it in "
                            "Excel and save it as XLSX or CSV UTF-8.") + " " + _(SUPPORTED))
