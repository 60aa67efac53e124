"""The app's first page, driven with Streamlit's AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[2] / "app.py")


def test_app_starts_on_the_demo_organization() -> None:
    at = AppTest.from_file(APP).run()
    assert not at.exception
    assert "Northwind Trading" in at.caption[0].value


def test_upload_shows_the_engines_findings() -> None:
    at = AppTest.from_file(APP).run()
    data = b"Customer name;Customer ID;Segment\nAcme;C1;Gold\n;C2;SMB\n"
    at.file_uploader(key="check_upload").set_value(("bad.csv", data, "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows": "2", "Errors": "2", "Warnings": "0", "Infos": "0"}
    shown = at.dataframe[0].value
    assert shown["rule"].tolist() == ["select_option", "required_missing"]
