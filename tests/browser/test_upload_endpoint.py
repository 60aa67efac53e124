"""The served app's upload endpoint: XSRF protection is on and the size limit holds.

A real browser session uploads a small file, which shows the request the app makes
(`PUT /_stcore/upload_file/<session>/<file>` with the XSRF token in a header and in a
cookie). The same request is then replayed: accepted as the browser makes it; refused
without the header, without the cookie (from another browser), with a forged token;
and, the server started with `--server.maxUploadSize 1`, refused for a 2 MB file
while a file just under 1 MB is accepted.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import APIRequestContext, Browser

from tests.browser.conftest import CHECK_UPLOAD, serving, wait_for_app

DROPZONE = CHECK_UPLOAD
SMALL = b"Customer name;Customer ID\r\nAcme;C1\r\n"
MEGABYTE = 1024 * 1024


def put(api: APIRequestContext, url: str, body: bytes, headers: dict[str, str]) -> int:
    """The status of an upload of `body` as the browser sends it (one multipart file)."""
    answer = api.put(url, headers=headers, multipart={
        "file": {"name": "probe.csv", "mimeType": "text/csv", "buffer": body}})
    return answer.status


def test_uploads_need_the_xsrf_token_and_stay_under_the_limit(browser: Browser,
                                                              tmp_path: Path) -> None:
    with serving(tmp_path, "--server.maxUploadSize", "1") as url:
        context = browser.new_context()
        other = browser.new_context()
        try:
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            tab.goto(url)
            wait_for_app(tab)
            with tab.expect_request(lambda request: request.method == "PUT"
                                    and "/_stcore/upload_file/" in request.url) as sent:
                tab.set_input_files(DROPZONE, files=[{"name": "small.csv",
                                                      "mimeType": "text/csv",
                                                      "buffer": SMALL}])
            token = sent.value.all_headers()["x-xsrftoken"]
            folder = sent.value.url.rsplit("/", 1)[0]  # .../upload_file/<session>
            assert any(cookie["name"] == "_streamlit_xsrf" for cookie in context.cookies())

            with_token = {"X-Xsrftoken": token}
            assert put(context.request, f"{folder}/accepted", SMALL, with_token) == 204
            assert put(context.request, f"{folder}/no-header", SMALL, {}) == 403
            assert put(other.request, f"{folder}/no-cookie", SMALL, with_token) == 403
            forged = {"X-Xsrftoken": "2|00000000|" + "0" * 64 + "|1700000000"}
            assert put(context.request, f"{folder}/forged", SMALL, forged) == 403

            assert put(context.request, f"{folder}/under", b"x" * (MEGABYTE - 4096),
                       with_token) == 204
            assert put(context.request, f"{folder}/over", b"x" * (2 * MEGABYTE),
                       with_token) == 413
        finally:
            other.close()
            context.close()
