"""Which run of this session brought the person onto a page.

Streamlit reruns a page from the top on every click. A page that reads the team's
store (History) should not query it again on a rerun with nothing changed, yet must
show what teammates did since the person last looked: it reads the store once per
*visit* (the run that arrived on the page from another page, or the first run of the
session), and again when the person changes a filter or asks for it. Every page run
is counted by `ui.session.require_app`, which each page calls first; the count lives in
this session's state.
"""

from __future__ import annotations

import streamlit as st

RUNS = "visits_runs"      # how many page runs this session has had
PAGES = "visits_pages"    # {page: (the run it last ran in, the run that arrived on it)}
KEYS = (RUNS, PAGES)


def count_run() -> None:
    """One more page run of this session (`ui.session.require_app`)."""
    st.session_state[RUNS] = st.session_state.get(RUNS, 0) + 1


def arrival(page: str) -> int:
    """The run that brought the person onto `page`: the same number on every rerun while
    they stay on it, a new one each time they come back from another page."""
    run = st.session_state.get(RUNS, 0)
    pages: dict[str, tuple[int, int]] = st.session_state.setdefault(PAGES, {})
    last, arrived = pages.get(page, (-1, run))
    if last != run - 1 and last != run:   # it did not run just before: a new visit
        arrived = run
    pages[page] = (run, arrived)
    return arrived
