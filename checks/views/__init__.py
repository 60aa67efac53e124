"""Presentation for the pages, without Streamlit: grid view models, dashboard figures,
match tables, definitions tables, admin policy.

`__all__` is what pages import from here rather than from a submodule: the dashboard's,
whose modules may move (`checks.views.dashboard` is a package of small modules) while
the page's imports stay put.
"""

from checks.views.dashboard import (
    Dashboard,
    FindingsFilter,
    build_dashboard,
    dashboard_figures,
    dashboard_html,
    filtered_findings,
)
from checks.views.grid import blank_missing

__all__ = [
    "Dashboard",
    "FindingsFilter",
    "blank_missing",
    "build_dashboard",
    "dashboard_figures",
    "dashboard_html",
    "filtered_findings",
]
