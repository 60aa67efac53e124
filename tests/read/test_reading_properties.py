"""Properties of issue 20's reading: `_xHHHH_` escapes decode what Excel encodes, and
text of a Western European language, written by Excel in Windows-1252, is read back as
it was written, whatever its accents and typographic punctuation."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checks.read.code_pages import guess_code_page
from checks.read.encoding import decode
from checks.read.xlsx_text import decoded

_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def excel_escaped(text: str) -> str:
    """`text` as Excel writes it in a workbook: an underscore that would start an
    escape is itself escaped, then each control character XML cannot hold (a carriage
    return among them) becomes `_xHHHH_`."""
    text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return "".join(f"_x{ord(char):04X}_" if ord(char) < 0x20 and char not in "\t\n"
                   else char for char in text)


_TRICKY = st.text(alphabet=st.sampled_from(list("_x0123456789ABCDEFabcdef \r\n\t\x01Fé")),
                  max_size=40)


@given(text=st.one_of(_TRICKY, st.text(max_size=40)))
def test_decoding_undoes_excel_escaping(text: str) -> None:
    assert decoded(excel_escaped(text)) == text


#: Words of French, German and Spanish, with their accents, and the typographic
#: punctuation Word and Excel put in (curly quotes and apostrophes, dashes, ellipses).
_WORDS = ["Café", "Orléans", "Besançon", "élève", "à", "régler", "François", "Müller",
          "Straße", "Köln", "Peña", "Córdoba", "año", "señor", "naïve", "cœur", "Noël",
          "Gare", "client", "Paris", "Total", "vérifié", "Zürich", "über"]
_PUNCTUATION = ["…", "–", "—", "’", "‘", "“", "”", "«\u00a0", "\u00a0»", "•", "€", ";",
                ", ", " ", "\r\n"]
_WESTERN = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_PUNCTUATION)),
                    min_size=1, max_size=20).map(lambda pairs: "".join(map("".join, pairs)))


@given(text=_WESTERN)
def test_western_text_reads_back_as_windows_1252(text: str) -> None:
    data = ("Name;Note\r\n" + text).encode("cp1252")
    try:
        data.decode("utf-8")
        return  # valid UTF-8 (ASCII, or bytes that happen to form UTF-8): nothing to guess
    except UnicodeDecodeError:
        pass
    assert guess_code_page(data) == "cp1252"
    assert decode(data).text == "Name;Note\r\n" + text
