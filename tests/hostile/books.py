"""Builders of hostile ODS and XLS workbooks (the XLSX ones are in builders.py): a
real file written by odfpy or xlwt, with its content replaced."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from tests.hostile.builders import HEADER, ROWS, RawEntry, bomb_entry, raw_entry, raw_zip
from tests.read.files import ods_bytes, xls_bytes


def customers_ods() -> bytes:
    return ods_bytes({"Customers": [HEADER, *ROWS]})


def customers_xls() -> bytes:
    return xls_bytes({"Customers": [HEADER, *ROWS]})


def _ods_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(customers_ods())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _ods_entries(changes: dict[str, RawEntry]) -> list[RawEntry]:
    """The customer ODS as raw entries, `mimetype` first and stored as ODF requires."""
    found = _ods_parts()
    kind = found["mimetype"]
    entries = [RawEntry("mimetype", kind, len(kind), zlib.crc32(kind), deflated=False)]
    return [*entries, *(changes.get(name) or raw_entry(name, content)
                        for name, content in found.items() if name != "mimetype")]


def ods_zip_bomb(mebibytes: int) -> bytes:
    """An ODS whose content.xml holds one cell of `mebibytes` MiB of "a", compressed
    about 1,000 to 1."""
    content = _ods_parts()["content.xml"].decode()
    head, tail = content.split("Orléans", 1)
    entry = bomb_entry("content.xml", head.encode(), ("Orléans" + tail).encode(), mebibytes)
    return raw_zip(_ods_entries({"content.xml": entry}))


def ods_billion_laughs() -> bytes:
    """An ODS whose content.xml declares the billion laughs entities (3 GB once
    expanded) and uses them in a cell."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)]
    content = _ods_parts()["content.xml"].decode()
    content = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "")
                     + f"<!DOCTYPE bomb [{''.join(levels)}]>", content, count=1)
    content = content.replace("Orléans", "&lol9;", 1)
    return raw_zip(_ods_entries({"content.xml": raw_entry("content.xml", content.encode())}))


def ods_repeated_cells() -> bytes:
    """An ODS of a few hundred bytes declaring a row of 16,000 repeated cells repeated
    1,000,000 times: 16 billion cells if expanded."""
    content = _ods_parts()["content.xml"].decode()
    row = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
           'table:number-columns-repeated="16000" office:value-type="string">'
           "<text:p>x</text:p></table:table-cell></table:table-row>")
    content = content.replace("</table:table>", row + "</table:table>", 1)
    return raw_zip(_ods_entries({"content.xml": raw_entry("content.xml", content.encode())}))
