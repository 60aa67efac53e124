"""How every page draws a table for people (`checks.views.PeopleTable`), in one place.

The view decides what the table holds; this draws it the same way everywhere: in a
keyed container (tests and styling find it by key), missing numbers as empty cells
rather than Streamlit's "None", each column's tooltip (a Problem column's rule
codes), and under it the legend of the marks that show invisible characters.
"""

from __future__ import annotations

import streamlit as st

from checks.views import PeopleTable


def show(table: PeopleTable, key: str, **config: object) -> None:
    """Draw `table` under `key`; `config` adds column configurations (a number format)
    by column title, the table's tooltips coming on top of them."""
    columns: dict[str, object] = dict(config)
    for title, text in table.help.items():
        columns[title] = st.column_config.Column(help=text)
    with st.container(key=key):
        st.dataframe(table.frame, hide_index=True, column_config=columns or None,
                     placeholder="")
        if table.legend:
            st.caption(table.legend)
