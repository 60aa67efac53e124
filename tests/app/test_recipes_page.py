"""Import recipes in the app: the weekly journey (upload, choose once, then next week's
upload in a new session gets everything back, with a notice saying whose recipe it
is), forgetting a recipe, naming, downloading and importing recipes, a recipe that no
longer fits, and the same corrected file as `preflight fix --recipe`."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from checks import DateOrder, demo_definitions, header_signature, recipes_from_yaml
from checks.cli.main import main
from checks.store.database import Store
from checks.views import saved_day
from tests.app.conftest import APP, SAMPLES
from tests.app.downloads import download, record_media
from ui import recipes, session

SAMPLE = "clients_fr_export.csv"
DATA = (SAMPLES / SAMPLE).read_bytes()
FRENCH_HEADERS = ("Nom du client", "Code client", "Numéro de TVA", "Ville",
                  "Responsable de compte", "Scénario de relance", "Segment", "Contract end",
                  "Credit limit", "Direct debit")
SIGNATURE = header_signature(FRENCH_HEADERS)
ORGANIZATION = "Northwind Trading"
IGNORED_CHOICE = "(ignore this column)"


@pytest.fixture
def store(own_database: str):
    store = Store(sa.create_engine(own_database))
    store.migrate()
    yield store
    store.engine.dispose()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def new_session(language: str | None = None) -> AppTest:
    """Another visit: a new browser session (a reload loses the old one), same store."""
    at = AppTest.from_file(APP, default_timeout=60)
    if language is not None:
        at.session_state["language"] = language
    return run(at)


def upload(at: AppTest, data: bytes = DATA, name: str = SAMPLE) -> AppTest:
    at.file_uploader(key="check_upload").set_value((name, data, "text/csv"))
    return run(at)


def notices(at: AppTest) -> list[str]:
    return [info.value.replace("\\", "") for info in at.info
            if "recipe" in info.value or "recette" in info.value]


def test_a_file_nobody_changed_gets_no_recipe(app: AppTest, store: Store) -> None:
    upload(app)
    assert notices(app) == []
    assert store.recipes(ORGANIZATION) == []
    assert app.session_state[recipes.SIGNATURE] == SIGNATURE


def test_next_weeks_upload_gets_the_mapping_and_choices_back(app: AppTest,
                                                            store: Store) -> None:
    upload(app)
    app.selectbox(key="check_map_6").select(IGNORED_CHOICE)
    run(app)
    app.selectbox(key="check_date_order").set_value(DateOrder.DAY_FIRST)
    run(app)
    assert notices(app) == [
        "Your choices for this file are saved as the recipe “clients_fr_export” (dates read day "
        "first · 1 column ignored): the next file with the same columns gets them back. "
        "Change any choice and the recipe follows it, or forget it."]
    (saved,) = store.recipes(ORGANIZATION)
    assert (saved.signature, saved.columns, saved.date_order) == (
        SIGNATURE, ((6, ""),), DateOrder.DAY_FIRST)

    week_two = upload(new_session())
    assert week_two.selectbox(key="check_map_6").value == IGNORED_CHOICE
    assert week_two.selectbox(key="check_date_order").value == DateOrder.DAY_FIRST
    assert session.CHOICES in week_two.session_state
    assert week_two.session_state[session.CHOICES].override_map == {6: ""}
    assert notices(week_two) == [
        f"Using the recipe “clients_fr_export” saved on {saved_day(saved.saved_at)} by someone "
        "on the team (dates read day first · 1 column ignored). Change any choice and the "
        "recipe follows it, or forget it."]
    assert len(store.recipes(ORGANIZATION)) == 1, "applying a recipe does not save it again"


def test_the_fix_pages_choices_come_back_too(app: AppTest, store: Store) -> None:
    upload(app)
    app.switch_page("pages/fix.py")
    run(app)
    app.toggle(key="fix_bom").set_value(True)
    app.toggle(key="fix_toggle_numbers").set_value(False)
    app.radio(key="fix_separator").set_value(",")
    run(app)
    (saved,) = store.recipes(ORGANIZATION)
    assert saved.fixes_off == {"numbers"}
    assert (saved.export.bom, saved.export.separator) == (True, ",")
    app.switch_page("pages/check.py")
    run(app)
    app.switch_page("pages/fix.py")
    run(app)
    assert app.toggle(key="fix_bom").value is True, "a visit elsewhere changes nothing"
    assert store.recipes(ORGANIZATION) == [saved]

    week_two = upload(new_session())
    week_two.switch_page("pages/fix.py")
    run(week_two)
    assert week_two.toggle(key="fix_bom").value is True
    assert week_two.toggle(key="fix_toggle_numbers").value is False
    assert week_two.radio(key="fix_separator").value == ","


def test_forgetting_the_recipe_reads_the_file_automatically_again(app: AppTest,
                                                                  store: Store) -> None:
    upload(app)
    app.selectbox(key="check_map_3").select(IGNORED_CHOICE)
    run(app)
    week_two = upload(new_session())
    assert week_two.selectbox(key="check_map_3").value == IGNORED_CHOICE
    week_two.button(key="check_recipe_forget").click()
    run(week_two)
    assert notices(week_two) == []
    assert week_two.selectbox(key="check_map_3").value == "(as detected)"
    assert week_two.session_state[session.CHOICES].override_map == {}
    assert store.recipes(ORGANIZATION) == []
    assert notices(upload(new_session())) == []


def test_a_recipe_that_no_longer_fits_is_not_applied_and_says_why(app: AppTest,
                                                                  store: Store) -> None:
    upload(app)
    app.selectbox(key="check_map_2").select("Segment")
    run(app)
    (saved,) = store.recipes(ORGANIZATION)
    store.save_recipe(replace(saved, columns=((2, "Deleted field"),)))
    week_two = upload(new_session())
    assert [warning.value.replace("\\", "") for warning in week_two.warning][:1] == [
        "The recipe “clients_fr_export” saved for files with these columns was not used: The "
        "recipe 'clients_fr_export' does not fit this file: 'Deleted field' is not an Upflow "
        "column or a custom field of Northwind Trading."]
    assert week_two.selectbox(key="check_map_2").value == "(as detected)"
    assert notices(week_two) == []


def test_naming_listing_downloading_and_importing_recipes(app: AppTest, store: Store,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    media = record_media(monkeypatch)
    upload(app)
    app.selectbox(key="check_map_6").select(IGNORED_CHOICE)
    run(app)
    app.text_input(key="check_recipe_name").set_value("Weekly billing export")
    run(app)
    assert [r.name for r in store.recipes(ORGANIZATION)] == ["Weekly billing export"]
    listed = app.get_by_key("check_recipes").dataframe[0].value
    assert list(listed["Recipe"]) == ["Weekly billing export"]
    assert list(listed["Columns"]) == ["Nom du client, Code client, Numéro de TVA, Ville, …"]
    assert list(listed["What it decides"]) == ["1 column ignored"]
    assert list(listed["Saved by"]) == ["someone on the team"]
    served = download(app, "check_recipes_download", media)
    assert served.file_name == "preflight_recipes.yaml"
    (downloaded,) = recipes_from_yaml(served.content, "preflight_recipes.yaml")
    assert downloaded == store.recipes(ORGANIZATION)[0]

    store.forget_recipe(ORGANIZATION, SIGNATURE)
    imported = new_session()
    imported.file_uploader(key="check_recipes_import").set_value(
        ("team.yaml", served.content.replace(b"Northwind Trading", b"Old Org Name"),
         "application/yaml"))
    run(imported)
    assert [s.value.replace("\\", "") for s in imported.success] == [
        "Imported 1 recipe for Northwind Trading."]
    (back,) = store.recipes(ORGANIZATION)
    assert (back.name, back.columns, back.organization) == (
        "Weekly billing export", ((6, ""),), ORGANIZATION)
    assert upload(imported).selectbox(key="check_map_6").value == IGNORED_CHOICE


def test_a_recipe_file_that_cannot_be_used_is_a_plain_message(app: AppTest,
                                                              store: Store) -> None:
    app.file_uploader(key="check_recipes_import").set_value(
        ("team.yaml", b"recipe_format: 1\norganization: X\nheaders: [a]\ncolumns: {a: Planet}\n",
         "application/yaml"))
    run(app)
    assert [e.value.replace("\\", "") for e in app.error] == [
        "Nothing was imported. The recipe does not fit this file: 'Planet' is not an Upflow "
        "column or a custom field of Northwind Trading."]
    assert store.recipes(ORGANIZATION) == []


def test_the_notice_speaks_french(french: AppTest, store: Store) -> None:
    upload(french)
    french.selectbox(key="check_map_6").select("(ignorer cette colonne)")
    run(french)
    week_two = upload(new_session("fr"))
    (saved,) = store.recipes(ORGANIZATION)
    day = saved.saved_at.astimezone(UTC)
    month = ("janvier février mars avril mai juin juillet août septembre octobre novembre "
             "décembre").split()[day.month - 1]
    assert [notice.replace("\xa0", " ") for notice in notices(week_two)] == [
        f"Recette « clients_fr_export » enregistrée le {day.day} {month} par quelqu'un de "
        "l'équipe (1 colonne ignorée). Changez un choix et la recette le suit, ou oubliez-la."]


def test_the_app_and_the_command_line_write_the_same_file_with_the_same_recipe(
        app: AppTest, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Week one on the command line; the recipe it wrote imported into the app; week two
    in the app downloads the very bytes `preflight fix --recipe` writes."""
    media = record_media(monkeypatch)
    source, recipe = tmp_path / SAMPLE, tmp_path / "weekly.yaml"
    source.write_bytes(DATA)
    by_hand, with_recipe = tmp_path / "week1.csv", tmp_path / "week2.csv"
    options = ["--day-first", "--ignore", "Segment", "--map", "Numéro de TVA=Segment",
               "--skip", "numbers", "--bom", "--line-ending", "lf", "--sep", ",",
               "--leave-out", "Ville", "--keep-headers"]
    out, err = io.StringIO(), io.StringIO()
    main(["fix", str(source), "--out", str(by_hand), *options, "--save-recipe", str(recipe)],
         out, err)
    assert err.getvalue() == ""
    main(["fix", str(source), "--out", str(with_recipe), "--recipe", str(recipe)], out, err)
    assert err.getvalue() == "" and with_recipe.read_bytes() == by_hand.read_bytes()

    app.file_uploader(key="check_recipes_import").set_value(
        ("weekly.yaml", recipe.read_bytes(), "application/yaml"))
    upload(run(app))
    assert notices(app)[0].startswith("Using the recipe “clients_fr_export” saved on ")
    app.switch_page("pages/fix.py")
    run(app)
    served = download(app, "fix_download_csv", media).content
    assert served == with_recipe.read_bytes()
    assert served.startswith(b"\xef\xbb\xbfNom du client,Code client,Num\xc3\xa9ro de TVA,"
                             b"Responsable de compte,")
    assert b"\r\n" not in served and b"1 234,56" in served


def test_a_person_signed_in_is_named_as_who_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    class User(dict):
        pass

    monkeypatch.setattr(recipes.st, "user", User(is_logged_in=True, name="Marie Dupont",
                                                  email="marie@northwind.example"))
    assert recipes.person() == "Marie Dupont"
    monkeypatch.setattr(recipes.st, "user", User(is_logged_in=True, email="marie@x.example"))
    assert recipes.person() == "marie@x.example"
    monkeypatch.setattr(recipes.st, "user", User(is_logged_in=False, email="marie@x.example"))
    assert recipes.person() is None


def test_saved_day_is_written_the_languages_way() -> None:
    from checks.i18n import use_language

    moment = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    today = datetime(2026, 12, 7, tzinfo=UTC)
    assert saved_day(moment, today=today) == "3 December"
    with use_language("fr"):
        assert saved_day(moment, today=today) == "3 décembre"
    assert saved_day(moment, today=datetime(2027, 1, 2, tzinfo=UTC)) == "3 December 2026"
    assert demo_definitions().organization == ORGANIZATION
