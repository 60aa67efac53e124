"""Text encodings: what is detected, converted, reported."""

from __future__ import annotations

import codecs

import pytest

from checks.read import read_table
from checks.read.encoding import decode, label_of

FRENCH = "Nom;Ville;Note\nCafé de la Gare;Orléans;à régler – voir François\n"


def test_utf8_has_no_finding() -> None:
    table = read_table(FRENCH.encode("utf-8"), "x.csv")
    assert table.encoding == "utf-8"
    assert table.findings.empty
    assert table.data.values.tolist() == [["Café de la Gare", "Orléans",
                                           "à régler – voir François"]]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = read_table(codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "x.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == ("Nom", "Ville", "Note")
    assert table.findings.empty


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    table = read_table(bom + FRENCH.encode(codec), "x.csv")
    assert table.encoding == "utf-16"
    assert table.headers == ("Nom", "Ville", "Note")
    assert table.data.values.tolist()[0][2] == "à régler – voir François"
    assert list(table.findings["rule"]) == ["encoding_converted"]
    assert table.findings["message"][0] == (
        "The file was saved as UTF-16; the corrected file will be UTF-8.")


def test_windows_1252_is_converted_and_reported() -> None:
    table = read_table(FRENCH.encode("cp1252"), "x.csv")
    assert table.encoding == "cp1252"
    assert table.data.values.tolist() == [["Café de la Gare", "Orléans",
                                           "à régler – voir François"]]
    assert list(table.findings["rule"]) == ["encoding_converted"]
    assert table.findings["severity"][0] == "info"
    assert table.findings["message"][0] == (
        "The file was saved as Windows (Western Europe); the corrected file will be UTF-8.")


def test_latin1_text_reads_as_windows_1252() -> None:
    text = "Name,Town\nMüller GmbH,München\nGroße Straße,Köln\n"
    table = read_table(text.encode("latin-1"), "x.csv")
    assert table.encoding == "cp1252"
    assert table.data.values.tolist()[1] == ["Große Straße", "Köln"]


def test_a_non_latin_script_is_detected() -> None:
    text = "Имя;Город\nООО Ромашка;Москва\nИванов Иван;Санкт-Петербург\n"
    table = read_table(text.encode("cp1251"), "x.csv")
    assert table.data.values.tolist()[0] == ["ООО Ромашка", "Москва"]
    assert list(table.findings["rule"]) == ["encoding_converted"]


def test_non_utf8_file_after_a_long_ascii_start() -> None:
    text = "a;b\n" + "x;y\n" * 50_000 + "Café;Orléans\n"
    table = read_table(text.encode("cp1252"), "x.csv")
    assert table.encoding == "cp1252"
    assert table.data.values.tolist()[-1] == ["Café", "Orléans"]
    assert table.data.index[-1] == 50_002


def test_labels() -> None:
    assert label_of("cp1252") == "Windows (Western Europe)"
    assert label_of("cp1250") == "Windows (Central Europe)"
    assert label_of("cp1253") == "Windows (Greek)"
    assert label_of("iso8859_15") == "ISO-8859-15"
    assert label_of("utf-16") == "UTF-16"


def test_decode_reports_the_python_codec() -> None:
    decoded = decode("é".encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.is_utf8) == ("é", "cp1252", False)


def test_utf32_with_bom() -> None:
    table = read_table("a;b\né;–\n".encode("utf-32"), "x.csv")
    assert table.encoding == "utf-32"
    assert table.data.values.tolist() == [["é", "–"]]
    assert table.findings["message"][0] == (
        "The file was saved as UTF-32; the corrected file will be UTF-8.")


def test_damaged_text_after_a_bom_is_unreadable() -> None:
    table = read_table(codecs.BOM_UTF16_LE + b"a\x00;", "x.csv")
    assert list(table.findings["rule"]) == ["file_unreadable"]
    assert "UTF-16 marker" in table.findings["message"][0]


# ── the code page Excel wrote, by region (issue 20) ─────────────────────────────────

#: Text in each language, the code page Excel writes it in, and its label.
REGIONAL = {
    "french": ("Nom;Ville;Note\nCafé de la Gare;Orléans;à régler – voir François\n"
               "Société Générale;Besançon;Élodie\n", "cp1252", "Windows (Western Europe)"),
    "german": ("Name;Stadt\nMüller GmbH;München\nGroße Straße;Köln\n", "cp1252",
               "Windows (Western Europe)"),
    "spanish": ("Nombre;Ciudad\nPeña y Muñoz;Córdoba\n¿Qué tal?;Málaga\n", "cp1252",
                "Windows (Western Europe)"),
    "polish": ("Nazwa;Miasto\nŁódź Spółka;Kraków\nZażółć gęślą jaźń;Gdańsk\n", "cp1250",
               "Windows (Central Europe)"),
    "czech": ("Název;Město\nPříliš žluťoučký kůň;Brno\nŠkoda;Plzeň\n", "cp1250",
              "Windows (Central Europe)"),
    "russian": ("Имя;Город\nООО Ромашка;Москва\nИванов Иван;Санкт-Петербург\n", "cp1251",
                "Windows (Cyrillic)"),
    "greek": ("Όνομα;Πόλη\nΠαπαδόπουλος ΑΕ;Αθήνα\nΓεώργιος;Θεσσαλονίκη\n", "cp1253",
              "Windows (Greek)"),
    "turkish": ("Ad;Şehir\nŞişli Ticaret;İstanbul\nÇağrı Öztürk;İzmir\n", "cp1254",
                "Windows (Turkish)"),
    # Only typographic punctuation outside ASCII: charset-normalizer said CP1006 and
    # the cells got control characters.
    "punctuation": ("Name;Note\nAcme;“…” – ’\nBeta;“…”\n",
                    "cp1252", "Windows (Western Europe)"),
}


@pytest.mark.parametrize("language", sorted(REGIONAL))
def test_the_code_page_of_the_region(language: str) -> None:
    text, code_page, label = REGIONAL[language]
    decoded = decode(text.encode(code_page))
    assert (decoded.encoding, decoded.label) == (code_page, label)
    assert decoded.text == text
    table = read_table(text.encode(code_page), "x.csv")
    assert table.findings["message"].tolist() == [
        f"The file was saved as {label}; the corrected file will be UTF-8."]


def test_punctuation_only_never_holds_c1_controls() -> None:
    text, code_page, _label = REGIONAL["punctuation"]
    table = read_table(text.encode(code_page), "x.csv")
    assert table.encoding == "cp1252"
    cells = "".join(table.data.values.ravel().tolist())
    assert not any("\x80" <= char <= "\x9f" for char in cells)
    assert table.data.values.tolist() == [["Acme", "“…” – ’"], ["Beta", "“…”"]]


def test_c1_controls_are_never_chosen() -> None:
    """A candidate whose text holds C1 control characters loses to any other."""
    from checks.read.code_pages import guess_code_page, has_c1_controls

    data = "“…” – ’".encode("cp1252") * 20
    assert has_c1_controls(data.decode("latin-1"))
    assert guess_code_page(data) == "cp1252"


def test_the_label_is_translated() -> None:
    from checks.i18n import use_language

    text, code_page, _label = REGIONAL["greek"]
    with use_language("fr"):
        table = read_table(text.encode(code_page), "x.csv")
    assert "Windows (grec)" in table.findings["message"][0]


#: Asian exports: no code page reads them as words, charset-normalizer knows them.
ASIAN = {
    "cp932": "顧客名;都市;担当者\n株式会社山田;東京都;佐藤\n有限会社鈴木商店;大阪府;田中\n"
             "高橋工業;名古屋市;伊藤\n渡辺建設;福岡市;山本\n",
    "gb18030": "客户名称;城市;联系人\n北京科技有限公司;北京;王伟\n上海贸易公司;上海;李娜\n"
               "广州制造厂;广州;张敏\n",
    "euc_kr": "이름;도시;전화\n김철수;서울;010-1234-5678\n이영희;부산;010-2345-6789\n"
              "박민수;대구;010-3456-7890\n최지우;인천;010-4567-8901\n",
}


@pytest.mark.parametrize("codec", sorted(ASIAN))
def test_asian_encodings_still_read(codec: str) -> None:
    assert decode(ASIAN[codec].encode(codec)).text == ASIAN[codec]
