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

from analytics.display import cell_csv, report_chart, report_table
from analytics.panels import dashboard_context, shop_currency
from analytics.periods import CUSTOM, PRESETS, period_parse
from analytics.reports import DAY, MONEY, REPORTS
from analytics.selectors import DAILY_UP_TO_DAYS

VIEW = "orders.view_order"


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
    columns, table, totals = report_table(definition, rows, currency=currency, monthly=monthly)
    chart = report_chart(definition, period, rows, currency=currency, monthly=monthly)
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
            "more_rows": len(rows) - len(table),
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
