"""A 100,000-line upload in the served app: the figure for issue 7's app target.

Why: the issue asks that a 100,000-line file shows its results within 5 s of the
upload finishing. A timed assertion would fail on a busy CI machine for reasons that
have nothing to do with the code, so the test asserts only that the results are
right (the Rows metric says 100,000) and prints the time for the issue note. The
clock starts when the server has answered the browser's upload request (the file is
on the server), and stops when the "Rows with errors" metric is visible.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.generate import generate
from tests.browser.conftest import CHECK_UPLOAD, wait_for_app

ROWS = 100_000
RESULTS_TIMEOUT_MS = 300_000  # generous: a failure here means broken, not slow


def metric(tab: Page, label: str) -> str:
    label_box = tab.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    box = tab.get_by_test_id("stMetric").filter(has=label_box)
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def test_large_upload_shows_results_and_prints_the_time(
        page: Page, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "customers_100000.csv"
    generated = generate(ROWS, sep=";", error_rate=0.02, seed=1)
    generated.write(path)

    uploader = page.locator(CHECK_UPLOAD)
    handed = time.perf_counter()
    with page.expect_response(lambda answer: "upload_file" in answer.url
                              and answer.request.method == "PUT",
                              timeout=RESULTS_TIMEOUT_MS) as upload:
        uploader.set_input_files(str(path))
    assert upload.value.ok
    uploaded = time.perf_counter()
    expect(page.get_by_test_id("stMetric").filter(has_text="Rows with errors")) \
        .to_be_visible(timeout=RESULTS_TIMEOUT_MS)
    shown = time.perf_counter()
    wait_for_app(page)

    assert metric(page, "Rows") == f"{ROWS:,}"
    with capsys.disabled():
        print(f"\n[issue 7] app: {ROWS:,}-line file ({generated.data.size / 1e6:.0f} MB): "
              f"results shown {shown - uploaded:.1f} s after the upload finished "
              f"(upload itself {uploaded - handed:.1f} s)")
