"""Dashboard: every chart drawn from the engine's numbers, filters (by hand and by a
click on a bar) that narrow the findings list, and the standalone HTML download."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from checks import RULES, CheckResult, apply_fixes, check_table, demo_definitions, read_table
from checks.fix.fixes import FIXES_BY_NAME
from tests.app.conftest import SAMPLES
from tests.app.downloads import download, record_media
from ui import session

MESSY = "customers_messy.csv"
CHARTS = ["dashboard_rule_chart", "dashboard_column_chart", "dashboard_heatmap",
          "dashboard_completeness", "dashboard_before_after"]
TITLES = ["Which problems come up most", "Which columns have problems", "Where the problems are",
          "How complete each column is", "Before and after the safe fixes"]
BAD_CELL = "Gold plan"  # a workflow in the messy sample that no fix can change


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def engine_check(sample: str = MESSY) -> CheckResult:
    return check_table(read_table((SAMPLES / sample).read_bytes(), sample), demo_definitions())


def open_dashboard(app: AppTest, sample: str | None = MESSY, data: bytes | None = None
                   ) -> AppTest:
    """The dashboard with a file put in the session directly, as the check page would."""
    if sample is not None:
        data = (SAMPLES / sample).read_bytes() if data is None else data
        app.session_state[session.UPLOAD] = session.Upload(sample, data)
    app.switch_page("pages/dashboard.py").run()
    assert not app.exception, app.exception
    return app


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> dict[str, dict[str, Any]]:
    """Each plotly chart's figure as the browser receives it, by chart key."""
    return {chart.key: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}


def bars(figure: dict[str, Any]) -> dict[str, float]:
    """Category → value, summed over the traces (stacked severities) of a bar chart."""
    values: dict[str, float] = {}
    for trace in figure["data"]:
        for category, value in zip(trace["y"], trace["x"], strict=True):
            values[category] = values.get(category, 0) + value
    return values


def listed(at: AppTest) -> pd.DataFrame:
    """The findings list under the bar charts."""
    return at.get_by_key("dashboard_findings").dataframe[0].value


def titled(codes: object) -> list[str]:
    """Rule codes as the list names them: by title."""
    return [RULES[code].title for code in codes]


def by_rule(findings: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in findings["rule"].value_counts().items()}


# ── without a check ─────────────────────────────────────────────────────────────────

def test_without_a_checked_file_the_page_points_to_the_check_page(app: AppTest) -> None:
    at = open_dashboard(app, sample=None)
    assert [i.value for i in at.info] == ["Check a file first: the dashboard draws its findings."]
    links = at.get("page_link")
    assert len(links) == 1 and "check" in links[0].proto.page
    assert not at.get("plotly_chart") and not at.download_button


def test_an_unreadable_file_is_a_message_not_charts(app: AppTest) -> None:
    at = open_dashboard(app, sample="broken.xlsx", data=b"PK\x03\x04 this is not a workbook")
    assert [e.value for e in at.error] == [
        "This XLSX workbook cannot be opened: it is damaged or "
        "incomplete (perhaps cut off while downloading). Open it in Excel and save it again "
        "as XLSX or CSV UTF-8."]
    assert "check" in at.get("page_link")[0].proto.page
    assert not at.get("plotly_chart")


def test_a_file_without_lines_draws_empty_charts(app: AppTest) -> None:
    at = open_dashboard(app, sample="empty.csv", data=b"Customer name;Customer ID\r\n")
    assert {m.label: m.value for m in at.metric}["Lines checked"] == "0"
    assert bars(charts(at)["dashboard_rule_chart"]) == {"file_empty": 1}
    assert charts(at)["dashboard_heatmap"]["layout"]["annotations"][0]["text"] == (
        "No line has a problem")


# ── with a check ────────────────────────────────────────────────────────────────────

def test_every_chart_is_drawn_from_the_engine_counts(app: AppTest) -> None:
    at = open_dashboard(app)
    check = engine_check()
    figures = charts(at)
    assert list(figures) == CHARTS
    assert [figure["layout"]["title"]["text"] for figure in figures.values()] == TITLES
    assert bars(figures["dashboard_rule_chart"]) == check.summary.by_rule
    named = check.findings[check.findings["column"].notna()]
    assert bars(figures["dashboard_column_chart"]) == dict(named["column"].value_counts())
    panels = figures["dashboard_heatmap"]["data"]
    assert [panel["name"] for panel in panels] == ["Errors", "Warnings"]  # no note on a line
    assert sum(z or 0 for panel in panels for row in panel["z"] for z in row) == int(
        check.findings["row"].notna().sum())
    assert panels[0]["y"] == ["2", "3", "4", "5", "6"]  # five lines: one block each
    shares = bars(figures["dashboard_completeness"])
    assert len(shares) == len(check.table.headers) and shares["Parent ID"] == 20.0
    before, after = figures["dashboard_before_after"]["data"]
    every_fix = apply_fixes(check).result.findings  # the Fix page was not visited
    assert dict(zip(before["y"], before["x"], strict=True)) == {
        rule: by_rule(check.findings).get(rule, 0) for rule in before["y"]}
    assert dict(zip(after["y"], after["x"], strict=True)) == {
        rule: by_rule(every_fix).get(rule, 0) for rule in after["y"]}
    assert "every safe fix" in " ".join(c.value for c in at.caption)


def test_headline_metrics(app: AppTest) -> None:
    at = open_dashboard(app)
    metrics = {m.label: m.value for m in at.metric}
    # The messy sample: 5 lines, 4 of them with an error; 16 errors and 6 warnings.
    assert metrics == {"Clean lines": "20%", "Lines checked": "5", "Errors": "16",
                       "Warnings": "6"}


def test_the_filters_narrow_the_findings_list(app: AppTest) -> None:
    at = open_dashboard(app)
    check = engine_check()
    assert len(listed(at)) == len(check.findings)
    rules = at.selectbox(key="dashboard_rule")
    assert rules.options[0] == "All problems" and len(rules.options) == 1 + len(
        check.summary.by_rule)
    rules.set_value("workflow_not_found")
    at = run(at)
    shown = listed(at)
    assert shown["Problem"].tolist() == titled(["workflow_not_found"] * 3)
    assert shown["Row"].tolist() == [2, 3, 5]
    assert list(shown.columns) == ["Row", "Column", "Problem", "Severity", "Details"]
    at.selectbox(key="dashboard_column").set_value("Workflow")
    at.selectbox(key="dashboard_rule").set_value("")
    at = run(at)
    shown = listed(at)
    assert set(shown["Column"]) == {"Workflow"} and len(shown) == 3
    at.selectbox(key="dashboard_rule").set_value("whitespace")
    at = run(at)
    assert listed(at).empty  # whitespace is in Tags and Customer ID, not in Workflow


def test_a_click_on_a_rule_bar_filters_through_session_state(app: AppTest) -> None:
    """AppTest cannot click a chart; Streamlit 1.67 lets it put a selection event in
    the chart key's session state, which the page reads as the browser's would."""
    at = open_dashboard(app)
    at.session_state["dashboard_rule_chart"] = {"selection": {
        "points": [{"curve_number": 0, "point_number": 1, "point_index": 1,
                    "x": 2, "y": "date_format"}],
        "point_indices": [1], "box": [], "lasso": []}}
    at = run(at)
    assert at.selectbox(key="dashboard_rule").value == "date_format"
    assert listed(at)["Problem"].tolist() == titled(["date_format", "date_format"])
    # A filter changed by hand afterwards wins over the chart's lasting selection.
    at.selectbox(key="dashboard_rule").set_value("")
    at = run(at)
    assert at.selectbox(key="dashboard_rule").value == ""
    assert len(listed(at)) == len(engine_check().findings)


def select_in_browser(at: AppTest, key: str, points: list[dict[str, Any]]) -> AppTest:
    """Rerun as the browser does after a click: the chart's widget state is the JSON
    selection event, decoded by Streamlit's own deserializer. AppTest has no public
    way to send it, so this adds it to the widget states of the next run."""
    chart = next(c for c in at.get("plotly_chart") if c.key == key)
    states = at._tree.get_widget_states()  # noqa: SLF001
    event = {"selection": {"points": points,
                           "point_indices": [p["point_index"] for p in points],
                           "box": [], "lasso": []}}
    states.widgets.append(WidgetState(id=chart.proto.id, string_value=json.dumps(event)))
    at._run(states)  # noqa: SLF001
    assert not at.exception, at.exception
    return at


def test_a_click_on_a_column_bar_filters_like_the_browser_would(app: AppTest) -> None:
    at = open_dashboard(app)
    at = select_in_browser(at, "dashboard_column_chart", [
        {"curve_number": 1, "point_number": 0, "point_index": 0, "x": 1, "y": "Customer ID",
         "legendgroup": ""}])
    assert at.selectbox(key="dashboard_column").value == "Customer ID"
    shown = listed(at)
    assert set(shown["Column"]) == {"Customer ID"} and len(shown) == 2


TWICE = (b"Customer name;Contact email address;Client ID (External ID);Contact email address\n"
         b"Acme;ignored@exemple.fr;C-1; anna@exemple.fr \n"
         b"Beta;also.ignored@exemple.fr;C-2;paul@exemple.fr\n")
FOURTH = "Contact email address (D)"  # the grid's label of the second copy


def test_a_repeated_header_is_charted_and_filtered_by_its_own_column(app: AppTest) -> None:
    """The first email column ignored on the check page, the second with spaces: the
    chart, the heatmap and the column filter name the fourth column, never the second;
    and the ignored copy no longer makes the header a repeated one."""
    app.switch_page("pages/check.py").run()
    app.file_uploader(key="check_upload").set_value(("contacts.csv", TWICE, "text/csv"))
    at = run(app)
    at.selectbox(key="check_map_1").select("(ignore this column)")
    at = run(at)
    at.switch_page("pages/dashboard.py")
    at = run(at)
    figures = charts(at)
    assert bars(figures["dashboard_column_chart"]) == {FOURTH: 1}
    assert figures["dashboard_heatmap"]["data"][0]["x"] == [FOURTH]
    columns = at.selectbox(key="dashboard_column")
    assert columns.options == ["All columns", f"{FOURTH}: 1"]
    assert RULES["duplicate_header"].title not in listed(at)["Problem"].tolist()
    columns.set_value(FOURTH)
    at = run(at)
    assert listed(at)[["Row", "Problem"]].values.tolist() == [[2, RULES["whitespace"].title]]
    at.selectbox(key="dashboard_column").set_value("All columns")
    at = run(at)
    at = select_in_browser(at, "dashboard_column_chart", [
        {"curve_number": 0, "point_number": 0, "point_index": 0, "x": 1,
         "y": FOURTH, "legendgroup": ""}])
    assert at.selectbox(key="dashboard_column").value == FOURTH


def test_before_after_follows_the_fixes_chosen_on_the_fix_page(app: AppTest) -> None:
    app.session_state[session.UPLOAD] = session.Upload(MESSY, (SAMPLES / MESSY).read_bytes())
    app.switch_page("pages/fix.py").run()
    app.toggle(key="fix_toggle_dates").set_value(False)
    app.toggle(key="fix_toggle_whitespace").set_value(False)
    at = run(app)
    at.switch_page("pages/dashboard.py")
    at = run(at)
    chosen = [name for name in FIXES_BY_NAME if name not in ("dates", "whitespace")]
    fixed = by_rule(apply_fixes(engine_check(), chosen).result.findings)
    _, after = charts(at)["dashboard_before_after"]["data"]
    after_counts = dict(zip(after["y"], after["x"], strict=True))
    assert after_counts == {rule: fixed.get(rule, 0) for rule in after["y"]}
    assert after_counts["date_format"] == 2 and after_counts["whitespace"] == 2  # left as is
    caption = " ".join(c.value for c in at.caption)
    assert "chosen in Fix & export" in caption and "dates" not in caption.lower()


def test_the_html_download_holds_every_figure_and_no_cell(app: AppTest, media: list) -> None:
    at = open_dashboard(app)
    served = download(at, "dashboard_download", media)
    assert served.file_name == "customers_messy_dashboard.html"
    assert served.mime.startswith("text/html")
    page = served.content.decode("utf-8")
    for div_id in ("preflight-by-rule", "preflight-by-column", "preflight-heatmap",
                   "preflight-completeness", "preflight-before-after"):
        assert f'id="{div_id}"' in page
    for title in TITLES:
        assert title in page
    assert "Preflight dashboard: customers_messy.csv" in page and "Northwind Trading" in page
    check = engine_check()
    assert BAD_CELL in check.findings["value"].tolist()
    assert BAD_CELL not in page


def test_through_the_check_page_upload(app: AppTest) -> None:
    app.switch_page("pages/check.py").run()
    data = (SAMPLES / MESSY).read_bytes()
    app.file_uploader(key="check_upload").set_value((MESSY, data, "text/csv"))
    at = run(app)
    at.switch_page("pages/dashboard.py")
    at = run(at)
    assert bars(charts(at)["dashboard_rule_chart"]) == engine_check().summary.by_rule
