"""Presentation for the pages, without Streamlit: grid view models, the Fix page's
editor marks and list of changes, dashboard figures, match tables, history, the
import preview, definitions tables, admin policy, the URL form's keys, the notice
and list of import recipes.

`__all__` is the pages' API: pages import only `checks` and this package
(tests/test_layout.py). Each module's `__all__` says which of its names belong to it.
"""

from checks.views import (
    access,
    changes,
    corrections,
    definitions,
    grid,
    history,
    markdown,
    match,
    paging,
    people,
    preview,
    recipes,
    status,
    url_form,
)
from checks.views.access import *  # noqa: F403
from checks.views.changes import *  # noqa: F403
from checks.views.corrections import *  # noqa: F403
from checks.views.dashboard import Dashboard, build_dashboard, dashboard_figures, dashboard_html
from checks.views.definitions import *  # noqa: F403
from checks.views.grid import *  # noqa: F403
from checks.views.history import *  # noqa: F403
from checks.views.markdown import *  # noqa: F403
from checks.views.match import *  # noqa: F403
from checks.views.paging import *  # noqa: F403
from checks.views.people import *  # noqa: F403
from checks.views.preview import *  # noqa: F403
from checks.views.recipes import *  # noqa: F403
from checks.views.status import *  # noqa: F403
from checks.views.url_form import *  # noqa: F403

_DASHBOARD = (Dashboard, build_dashboard, dashboard_figures, dashboard_html)

__all__ = [
    *(item.__name__ for item in _DASHBOARD),
    *access.__all__, *changes.__all__, *corrections.__all__, *definitions.__all__,
    *grid.__all__, *history.__all__, *markdown.__all__, *match.__all__, *paging.__all__,
    *people.__all__, *preview.__all__, *recipes.__all__, *status.__all__, *url_form.__all__,
]
