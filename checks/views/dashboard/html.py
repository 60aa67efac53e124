"""The dashboard as one standalone HTML page, to send to someone without the app.

Every figure goes in with plotly.js inline, once, so the page opens offline. It holds
nothing but counts, rule codes, column labels and row numbers (the figures'), plus the
file's name, the organization and the time of the check, all escaped: no cell value.
Its words are in the session's language, which the page declares.
"""

from __future__ import annotations

import html
from datetime import datetime

import plotly.io as pio
from plotly.offline import get_plotlyjs

from checks.i18n import N_, _, language, number
from checks.views.dashboard.figures import FIGURE_IDS, dashboard_figures
from checks.views.dashboard.numbers import Dashboard, Headline

_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; margin-bottom: 0.2rem; }}
.meta {{ color: #555; margin-top: 0; }}
.numbers {{ display: flex; gap: 2rem; flex-wrap: wrap; margin: 1.5rem 0; }}
.numbers div {{ font-size: 0.9rem; color: #555; }}
.numbers strong {{ display: block; font-size: 1.6rem; color: #222; }}
.figure {{ margin: 2rem 0; }}
</style>
<script type="text/javascript">{plotlyjs}</script>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{organization} · {when}</p>
<div class="numbers">{numbers}</div>
{figures}
<p class="meta">{footer}</p>
</body>
</html>
"""


def _numbers(top: Headline) -> str:
    share = _("{percent}%").format(percent=f"{top.clean_share * 100:.0f}")
    items = ((N_("Clean lines"), share), (N_("Lines checked"), number(top.rows)),
             (N_("Errors"), number(top.errors)), (N_("Warnings"), number(top.warnings)))
    return "".join(f"<div><strong>{html.escape(value)}</strong>"
                   f"{html.escape(_(label), quote=False)}</div>" for label, value in items)


def dashboard_html(board: Dashboard, *, file_name: str, organization: str,
                   when: datetime) -> str:
    """Every figure in one HTML document that opens offline (plotly.js inline, once),
    titled with the file, the organization and `when` (the time of the check).
    Nothing but counts, rule codes, headers and row numbers goes in, so it can be sent
    to anyone."""
    divs = []
    for key, figure in dashboard_figures(board).items():
        div = pio.to_html(figure, include_plotlyjs=False, full_html=False,
                          div_id=FIGURE_IDS[key], default_height=f"{figure.layout.height}px")
        divs.append(f'<section class="figure">{div}</section>')
    return _PAGE.format(
        lang=language(),
        title=html.escape(_("Preflight dashboard: {file}").format(file=file_name)),
        organization=html.escape(organization),
        when=html.escape(when.strftime("%Y-%m-%d %H:%M")),
        numbers=_numbers(board.headline),
        figures="\n".join(divs),
        footer=html.escape(_("Made by Preflight. Counts only: no cell of the file is in "
                             "this page."), quote=False),
        plotlyjs=get_plotlyjs(),
    )
