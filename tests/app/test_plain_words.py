"""Issue 16 on the pages: values whose spaces nobody can see are marked in the tables
(the check page's list and row details, the fix page's changes), with a legend; empty
cells rather than "None"; the mapping picker says the three identifier names are one."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

SPACED = b"Customer name;Customer ID\r\nAcme;000205 \r\nBeta;000206\r\n"
LEGEND = "Characters you cannot see are marked: · a space at the start or the end."


def upload(at: AppTest, data: bytes = SPACED) -> AppTest:
    at.file_uploader(key="check_upload").set_value(("spaced.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_a_trailing_space_is_marked_in_the_list_and_the_row_details(
        open_page: Callable[[str], AppTest]) -> None:
    at = upload(open_page("check"))
    listed = at.get_by_key("check_findings")
    frame = listed.dataframe[0].value
    assert "000205·" in frame["Value"].tolist()
    assert listed.dataframe[0].proto.placeholder == ""  # a missing row is an empty cell
    assert [c.value for c in listed.caption] == [LEGEND]
    at.session_state["check_grid"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    details = at.get_by_key("check_selected")
    assert list(details.dataframe[0].value.columns)[:2] == ["Column", "Value"]
    assert "000205·" in details.dataframe[0].value["Value"].tolist()
    assert [c.value for c in details.caption] == [LEGEND]
    # The grid itself shows the file as it is.
    assert at.dataframe(key="check_grid").value["Customer ID"].tolist() == ["000205 ",
                                                                             "000206"]


def test_the_fix_pages_changes_show_the_space_that_was_removed(
        open_page: Callable[[str], AppTest]) -> None:
    upload(open_page("check"))
    at = open_page("fix")
    changes = at.get_by_key("fix_changes")
    frame = changes.dataframe[0].value
    spaced = frame[frame["Before"] == "000205·"]
    assert spaced["After"].tolist() == ["000205"]
    assert [c.value for c in changes.caption] == [LEGEND]


def test_the_mapping_picker_says_the_identifier_names_are_one(
        open_page: Callable[[str], AppTest]) -> None:
    at = upload(open_page("check"))
    note = ("Customer ID, External ID and Client ID (External ID) are one identifier: the "
            "customer's ID in your billing tool.")
    assert at.selectbox(key="check_map_1").help.startswith(note)
    assert any(c.value.startswith(note) for c in at.caption)
