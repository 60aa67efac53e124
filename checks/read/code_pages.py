"""Which code page a CSV file that is not UTF-8 was saved in: the one whose text reads
most like words.

Excel saves "CSV" in the Windows code page of the computer's region: Windows-1252 in
Western Europe and the Americas, 1250 in Central Europe, 1251 for Cyrillic, 1253 for
Greek, 1254 for Turkish, 1255 to 1257 for Hebrew, Arabic and the Baltic languages. Each
of them is tried, and its text is marked down for what real text does not hold
(`_oddities`):

* a symbol touching a letter (`Za¿ó³æ` is Polish read as Windows-1252), where
  punctuation (an apostrophe, a dash, an ellipsis) may stand;
* a word that mixes scripts (Latin and Cyrillic letters), or a Latin word with three
  non-ASCII letters in a row (`Ďáđáäüđ` is Greek read as Windows-1250), or a capital
  right after a small letter (`ГыЧЦ` is Chinese read as Windows-1251);
* a letter almost no language of the region uses (Þ, ð, Ý are Turkish Ş, ğ, İ read as
  Windows-1252; only Icelandic writes them), or one of a language whose Excel writes
  another code page (Polish Ż in Windows-1257).

The code page with the fewest oddities wins; on a tie Windows-1252 (the most common by
far) when it is among the best, else charset-normalizer's choice among them (its
letter frequencies tell Greek from Russian). When no code page reads as words (more
than a quarter of the words odd), charset-normalizer's own guess is taken if it is an
encoding of two bytes or more a character (Asian encodings, which it knows and the
code pages cannot read), and
unless its text holds C1 control characters (U+0080–U+009F): no spreadsheet writes
them, they are the mark of a wrong guess (CP1006 used to win that way on text whose only
non-ASCII characters were typographic quotes and dashes).
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

#: Excel's code pages, most common first: a tie goes to the first.
CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255",
              "cp1256")

#: How much of the file is compared: the lines holding non-ASCII bytes, up to this size.
_SAMPLE_BYTES = 1 << 16
#: The encodings of two bytes or more a character, by the start of their Python name:
#: charset-normalizer's guess is taken only among them.
_MULTI_BYTE = ("cp932", "shift_jis", "euc_", "iso2022", "gb2312", "gbk", "gb18030",
               "big5", "cp950", "cp949", "johab", "hz", "utf_16", "utf_32")

#: How much of the start of the file charset-normalizer looks at, when it is asked.
_NORMALISER_BYTES = 1 << 20

#: A run of letters (and other word characters but digits) holding a non-ASCII one.
_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")
#: A non-ASCII character that is not a letter, and what is on either side of it.
_MARK = re.compile(r"(.?)([^\x00-\x7f])(.?)", re.S)
#: Signs that do touch words: degrees, brands (`Coca-Cola®`), the euro (`10€HT`).
_SIGNS_BY_WORDS = frozenset("°®™©€")
#: Punctuation that never stands between two letters: Spanish opens a question or an
#: exclamation with it, and Polish ż is this byte in Windows-1252 ("ka¿dy").
_OPENERS = frozenset("¿¡")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_C1 = re.compile("[\x80-\x9f]")
_HIGH_BYTE = re.compile(b"[\x80-\xff]")

#: Letters that almost no language of the code pages' regions writes (Icelandic aside):
#: in Windows-1252 they are the bytes of Turkish ğ, İ, ı, Ş, ş.
_RARE_LETTERS = frozenset("ÐðÝýÞþ")

#: Letters a code page holds for a language whose Excel writes another one: Polish
#: letters in Windows-1257 (Polish Excel writes 1250), which is what Turkish reads as.
_FOREIGN_LETTERS = {"cp1257": frozenset("ŻżŹźĆćŃńŁł")}

#: The scripts of letters, by the first word of their Unicode name.
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "HEBREW", "ARABIC")


def guess_code_page(data: bytes) -> str | None:
    """The Python codec name the file was most probably saved with, None when no
    candidate decodes it without C1 control characters."""
    sample = _sample(data)
    scores: dict[str, int] = {}
    texts: dict[str, str] = {}
    for code_page in CODE_PAGES:
        try:
            texts[code_page] = sample.decode(code_page)
        except UnicodeDecodeError:
            continue
        scores[code_page] = _oddities(texts[code_page], _RARE_LETTERS | _FOREIGN_LETTERS.get(
            code_page, frozenset()))
    if not scores:
        return _normaliser_choice(data[:_NORMALISER_BYTES], None)
    fewest = min(scores.values())
    best = [code_page for code_page, score in scores.items() if score == fewest]
    if fewest * 4 > len(_WORD.findall(texts[best[0]])):
        # No code page reads as words (more than a quarter of them odd): maybe two bytes
        # a character (Asian encodings), which charset-normalizer knows; its single-byte
        # guesses are not trusted.
        guess = _normaliser_choice(data[:_NORMALISER_BYTES], None)
        if guess is not None and guess.replace("-", "_").startswith(_MULTI_BYTE):
            return guess
    if best[0] == "cp1252" or len(best) == 1:
        return best[0]
    return _normaliser_choice(sample, best) or best[0]


def has_c1_controls(text: str) -> bool:
    """Whether the text holds a C1 control character (U+0080–U+009F)."""
    return _C1.search(text) is not None


def _sample(data: bytes) -> bytes:
    """The lines of the file that hold non-ASCII bytes, up to `_SAMPLE_BYTES`: the rest
    decodes the same in every code page. Each line is found from one of its non-ASCII
    bytes (a search at C speed), so an ASCII file of any size costs one scan."""
    kept: list[bytes] = []
    size, position = 0, 0
    while size < _SAMPLE_BYTES:
        found = _HIGH_BYTE.search(data, position)
        if found is None:
            break
        start = data.rfind(b"\n", 0, found.start()) + 1
        end = data.find(b"\n", found.start())
        end = len(data) if end < 0 else end
        kept.append(data[start:end])
        size, position = size + end - start, end + 1
    return b"\n".join(kept)


def _oddities(text: str, rare: frozenset[str]) -> int:
    """How much of `text` real text does not hold (see the module docstring)."""
    count = 10 * len(_C1.findall(text))
    count += sum(_out_of_place(*found) for found in _MARK.findall(text))
    for word in _WORD.findall(text):
        scripts = {_script(letter) for letter in word if letter.isalpha()}
        if len(scripts) > 1:
            count += 1
        elif "LATIN" in scripts and _NON_ASCII_RUN.search(word):
            count += 1
        elif any(before.islower() and after.isupper() for before, after
                 in zip(word, word[1:], strict=False)):
            count += 1  # "ГыЧЦ": Chinese read as Cyrillic; words are not cased so
        count += sum(letter in rare for letter in word)
    return count


def _out_of_place(before: str, mark: str, after: str) -> bool:
    """Whether a non-ASCII character that is not a letter sits where text never has
    one: a symbol or a sign like ³, ¹, £, ½ touching a letter (a letter read in the
    wrong code page), or an opening ¿ or ¡ between two letters (Polish ż in
    Windows-1252: "ka¿dy"). Punctuation (an apostrophe, a dash, an ellipsis, a quote)
    may stand anywhere."""
    if mark.isalpha() or mark.isspace():  # a no-break space is a space
        return False
    if unicodedata.category(mark).startswith("P"):
        return mark in _OPENERS and before.isalpha() and after.isalpha()
    return (before.isalpha() or after.isalpha()) and mark not in _SIGNS_BY_WORDS


def _script(letter: str) -> str:
    if letter.isascii():
        return "LATIN"
    name = unicodedata.name(letter, "")
    return next((script for script in _SCRIPTS if name.startswith(script)), name)


def _normaliser_choice(data: bytes, among: list[str] | None) -> str | None:
    """charset-normalizer's best guess (among `among`, when given) whose text holds no
    C1 control character; None when it has none."""
    for match in from_bytes(data, cp_isolation=among):
        try:
            if not has_c1_controls(data.decode(match.encoding)):
                return match.encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None
