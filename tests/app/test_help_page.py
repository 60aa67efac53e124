"""Help & templates: the whole rule catalogue, links to one rule, and blank templates."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from checks import RULES, TEMPLATE_SECTIONS, demo_definitions, template_csv
from tests.app.downloads import download, record_media


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def open_help(app: AppTest, rule: str | None = None) -> AppTest:
    if rule is not None:
        app.query_params["rule"] = rule
    app.switch_page("pages/help.py").run()
    assert not app.exception, app.exception
    return app


def code_of(label: str) -> str:
    """The rule code written between backticks in an expander's label."""
    return label.split("`")[1]


def test_every_rule_of_the_catalogue_is_listed_once_with_its_help(app: AppTest) -> None:
    at = open_help(app)
    codes = [code_of(expander.label) for expander in at.expander]
    assert sorted(codes) == sorted(RULES)
    text = " ".join(m.value for m in at.markdown)
    for rule in RULES.values():
        assert rule.meaning in text and rule.why in text and rule.how_to_fix in text
    for expander in at.expander:
        rule = RULES[code_of(expander.label)]
        assert rule.title in expander.label and rule.severity.value in expander.label
        assert not expander.proto.expanded
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert headings == ["#### About the whole file", "#### About a column",
                        "#### About the values in the cells"]


def test_a_linked_rule_comes_first_and_open(app: AppTest) -> None:
    at = open_help(app, "workflow_not_found")
    first = at.expander[0]
    assert code_of(first.label) == "workflow_not_found"
    assert first.proto.expanded
    codes = [code_of(expander.label) for expander in at.expander]
    assert sorted(codes) == sorted(RULES), "listed once, not twice"
    assert not at.warning


@pytest.mark.parametrize(("rule", "shown"), [
    ("no_such_rule", "There is no rule called “no_such_rule”"),
    ("[click](http://evil.example)", "There is no rule with that name"),
])
def test_an_unknown_linked_rule_is_a_plain_warning(app: AppTest, rule: str, shown: str) -> None:
    at = open_help(app, rule)
    assert [w.value for w in at.warning] == [f"{shown}. Every rule is listed below."]
    assert len(at.expander) == len(RULES)
    assert "evil" not in " ".join(w.value for w in at.warning)


def test_search_keeps_the_rules_that_mention_every_word(app: AppTest) -> None:
    at = open_help(app)
    at.text_input(key="help_search").set_value("Workflow").run()
    codes = {code_of(expander.label) for expander in at.expander}
    assert "workflow_not_found" in codes
    assert "file_empty" not in codes
    assert all("workflow" in " ".join((r.code, r.title, r.meaning, r.why, r.how_to_fix)).lower()
               for r in (RULES[c] for c in codes))
    at.text_input(key="help_search").set_value("zzz nothing").run()
    assert not at.expander
    assert [i.value for i in at.info] == ["No rule matches your search."]


def test_the_linked_rule_stays_first_whatever_the_search(app: AppTest) -> None:
    at = open_help(app, "date_format")
    at.text_input(key="help_search").set_value("workflow").run()
    assert code_of(at.expander[0].label) == "date_format"
    assert "workflow_not_found" in {code_of(e.label) for e in at.expander}


def test_every_template_downloads_the_engine_template(app: AppTest, media: list) -> None:
    at = open_help(app)
    definitions = demo_definitions()
    keys = [button.key for button in at.download_button]
    assert sorted(keys) == sorted(f"help_template_{name}" for name in TEMPLATE_SECTIONS)
    for name in TEMPLATE_SECTIONS:
        served = download(at, f"help_template_{name}", media)
        assert served.content == template_csv([name], definitions, ";")
        assert served.file_name == f"upflow_{name}_template.csv"


def test_the_template_separator_is_the_chosen_one(app: AppTest, media: list) -> None:
    at = open_help(app)
    at.radio(key="help_separator").set_value("|").run()
    served = download(at, "help_template_all", media).content
    assert served == template_csv(["all"], demo_definitions(), "|")
    assert b"|" in served and b";" not in served


def test_the_contacts_template_lists_the_organizations_positions(app: AppTest) -> None:
    at = open_help(app)
    captions = [caption.value.replace("\\", "") for caption in at.caption]
    assert "Position: one of Accounting, Sales, Purchaser or Payer" in captions
