"""The Analytics section of the shop admin: the list of reports, each report, its CSV.

Thin views: the period comes from the query string (``analytics.periods``), the rows
from the report's selector, the display from ``analytics.display``. Open to whoever
may see orders (``orders.view_order``): the figures are the orders', summed.
"""

from __future__ import annotations

import csv
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from analytics.charts import bar_list, comparison_chart
from analytics.display import cell_csv, cell_display
from analytics.panels import dashboard_context, shop_currency
from analytics.periods import CUSTOM, PRESETS, period_parse
from analytics.reports import DAY, MONEY, REPORTS
from analytics.selectors import DAILY_UP_TO_DAYS, dashboard
from kernel.money import money_format

VIEW = "orders.view_order"
CHART_ROWS = 10
# Rows shown on a report's page; the CSV has them all.
PAGE_ROWS = 500


def _requires_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _period(request):
    period, error = period_parse(request.GET)
    if error:
        messages.warning(request, error)
    return period


def _picker(period) -> dict:
    return {
        "period": period,
        "presets": [(key, label) for key, (_days, label) in PRESETS.items()],
        "custom": CUSTOM,
    }


def _home() -> dict:
    return {"url": reverse("wagtailadmin_home"), "label": _("Home")}


@_requires_view
def index(request):
    context = dashboard_context(request.GET)
    query = urlencode(context["period"].query())
    return TemplateResponse(
        request,
        "analytics/admin/index.html",
        {
            **context,
            "page_title": _("Analytics"),
            "header_icon": "chart-bars",
            "reports": [
                {
                    "title": r.title,
                    "description": r.description,
                    "url": f"{reverse('analytics_admin:report', args=[r.slug])}?{query}",
                }
                for r in REPORTS.values()
            ],
            "header_title": _("Analytics"),
            "breadcrumbs_items": [_home(), {"url": "", "label": _("Analytics")}],
        },
    )


@_requires_view
def report(request, slug: str):
    definition = REPORTS.get(slug)
    if definition is None:
        raise Http404
    period = _period(request)
    rows = definition.rows(period)
    currency = shop_currency()
    monthly = slug == "sales" and period.days > DAILY_UP_TO_DAYS
    columns = [
        {
            "label": (_("Month") if monthly and c.kind == DAY else c.label),
            "numeric": c.kind not in ("text", "country", "day"),
        }
        for c in definition.columns
    ]
    shown_rows = rows[:PAGE_ROWS]
    table = [
        [
            (
                cell_display(row.get(c.key), c.kind, currency=currency, monthly=monthly),
                col["numeric"],
            )
            for c, col in zip(definition.columns, columns, strict=True)
        ]
        for row in shown_rows
    ]
    totals = None
    if definition.totals and rows:
        totals = [
            cell_display(sum(row[c.key] or 0 for row in rows), c.kind, currency=currency)
            if c.key in definition.totals
            else ""
            for c in definition.columns
        ]
        totals[0] = _("Total")
    chart = None
    if slug == "sales" and rows and not monthly:
        # Every day of the period (days without sales are zero), beside the period before.
        figures = dashboard(period)
        chart = comparison_chart(
            title=_("Total sales by day, with the previous period"),
            current=figures.current_series["sales"],
            previous=figures.previous_series["sales"],
            start_label=cell_display(period.start, DAY, currency=currency),
            end_label=cell_display(period.end, DAY, currency=currency),
            value_label=lambda v: money_format(v, currency),
        )
    elif slug == "sales" and rows:
        ordered = list(reversed(rows))
        chart = comparison_chart(
            title=_("Total sales by month"),
            current=[row["sales"] for row in ordered],
            previous=[],
            start_label=cell_display(ordered[0]["bucket"], DAY, currency=currency, monthly=True),
            end_label=cell_display(ordered[-1]["bucket"], DAY, currency=currency, monthly=True),
            value_label=lambda v: money_format(v, currency),
        )
    elif definition.chart_value and rows:
        kinds = {c.key: c.kind for c in definition.columns}
        top = sorted(rows, key=lambda r: r[definition.chart_value] or 0, reverse=True)
        chart = bar_list(
            [
                (
                    cell_display(
                        r[definition.chart_label], kinds[definition.chart_label], currency=currency
                    ),
                    r[definition.chart_value] or 0,
                    cell_display(
                        r[definition.chart_value], kinds[definition.chart_value], currency=currency
                    ),
                )
                for r in top[:CHART_ROWS]
            ],
            title=str(definition.title),
        )
    query = urlencode(period.query())
    return TemplateResponse(
        request,
        "analytics/admin/report.html",
        {
            **_picker(period),
            "page_title": definition.title,
            "header_icon": "chart-bars",
            "report": definition,
            "columns": columns,
            "rows": table,
            "more_rows": len(rows) - len(shown_rows),
            "totals": totals,
            "chart": chart,
            "export_url": f"{reverse('analytics_admin:export', args=[slug])}?{query}",
            "header_title": definition.title,
            "breadcrumbs_items": [
                _home(),
                {"url": f"{reverse('analytics_admin:index')}?{query}", "label": _("Analytics")},
                {"url": "", "label": definition.title},
            ],
        },
    )


@_requires_view
def export(request, slug: str):
    definition = REPORTS.get(slug)
    if definition is None:
        raise Http404
    period, error = period_parse(request.GET)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    monthly = slug == "sales" and period.days > DAILY_UP_TO_DAYS
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    header = [str(_("Month") if monthly and c.kind == DAY else c.label) for c in definition.columns]
    if any(c.kind == MONEY for c in definition.columns):
        header.append(str(_("Currency")))
    writer.writerow(header)
    currency = shop_currency()
    for row in definition.rows(period):
        cells = [cell_csv(row.get(c.key), c.kind, monthly=monthly) for c in definition.columns]
        if any(c.kind == MONEY for c in definition.columns):
            cells.append(currency)
        writer.writerow(cells)
    return response
