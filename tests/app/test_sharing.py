"""The check page on a shared server: a check waits for a free place and says how many
are ahead (`ui.workers`); an upload the memory budget cannot hold is refused with a
plain message (`ui.budget`)."""

from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from bench.generate import generate
from tests.app.conftest import SAMPLES
from ui import budget, workers

DEADLINE_S = 60  # a deadline for the page to get somewhere, never a measure


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="check_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_a_check_waits_for_a_free_place_and_says_how_many_are_ahead(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    told: list[int] = []
    said = threading.Event()

    def spy(ahead: int) -> str:
        told.append(ahead)
        said.set()
        return original(ahead)

    original = workers.waiting_message
    monkeypatch.setattr(workers, "waiting_message", spy)
    holding, release = threading.Event(), threading.Event()

    def someone_else() -> None:   # another person's check, holding the only place
        with workers.places(1).place():
            holding.set()
            release.wait(DEADLINE_S)

    other = threading.Thread(target=someone_else)
    other.start()
    assert holding.wait(DEADLINE_S)
    page = threading.Thread(target=upload, args=(
        app, "customers_messy.csv", (SAMPLES / "customers_messy.csv").read_bytes()))
    try:
        page.start()
        assert said.wait(DEADLINE_S), "the page never waited for a place"
        assert told[0] == 1
    finally:
        release.set()
        other.join(DEADLINE_S)
        page.join(DEADLINE_S)
    assert app.metric, "the check ran once the place was free"
    assert not any("ahead of you" in info.value for info in app.info)


def test_an_upload_over_the_memory_budget_is_refused_in_plain_words(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(budget.BUDGET_ENV, "1")   # 1 MB: a file over 256 KB is refused
    data = generate(1500).data.to_pybytes()
    assert len(data) * budget.FILE_FACTOR > budget.MB
    upload(app, "customers.csv", data)
    assert [error.value for error in app.error] == [budget.BUSY]
    assert not app.metric
    assert budget.ledger(budget.MB).in_use == 0
    upload(app, "small.csv", (SAMPLES / "customers_messy.csv").read_bytes())
    assert app.metric and not app.error


def test_the_refusal_in_french(french: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(budget.BUDGET_ENV, "1")
    upload(french, "clients.csv", generate(1500).data.to_pybytes())
    assert [error.value for error in french.error] == [
        "Le serveur est occupé par les fichiers d’autres personnes en ce moment\u00a0; "
        "réessayez dans quelques minutes, ou avec un fichier plus petit."]
