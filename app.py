"""Preflight in the browser (first version: upload a file and see its findings).

The page only lays out widgets: reading, checking and the findings come from `checks`.
"""

import streamlit as st

from checks import CheckOptions, PreflightError, check_table, demo_definitions, read_table

st.set_page_config(page_title="Preflight", page_icon="🛫", layout="wide")

definitions = demo_definitions()
st.title("Preflight")
st.caption(f"Checks against the definitions of **{definitions.organization}** "
           f"(source system: {definitions.source_system.value}).")

upload = st.file_uploader("Upload the CSV or XLSX file you want to import into Upflow",
                          type=["csv", "txt", "xlsx"], key="check_upload")
if upload is not None:
    try:
        with st.spinner("Reading and checking…"):
            table = read_table(upload.getvalue(), upload.name)
            result = check_table(table, definitions, CheckOptions())
    except PreflightError as problem:
        st.error(problem.message)
    else:
        summary = result.summary
        cols = st.columns(4)
        cols[0].metric("Rows", table.rows)
        cols[1].metric("Errors", summary.errors)
        cols[2].metric("Warnings", summary.warnings)
        cols[3].metric("Infos", summary.infos)
        if summary.errors == 0:
            st.success("Ready for Upflow: no errors found.")
        st.dataframe(result.findings, hide_index=True, key="check_findings")
