"""How a report's values are shown on the page and written to CSV.

On the page, money goes through the kernel's babel display in the shop's currency;
in CSV, amounts stay plain numbers (a spreadsheet sums them) and text that a
spreadsheet would run as a formula is prefixed with a quote (CSV injection: a
discount code or a product title can be typed as ``=HYPERLINK(…)``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from analytics.charts import bar_list, comparison_chart
from analytics.periods import Period
from analytics.reports import COUNTRY, DAY, MONEY, PERCENT, TEXT, Report
from analytics.selectors import dashboard
from kernel.countries import COUNTRIES
from kernel.money import money_format

CHART_ROWS = 10
# Rows shown on a report's page; the CSV has them all.
PAGE_ROWS = 500

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def country_name(code: str) -> str:
    if not code:
        return _("No country")
    return str(COUNTRIES.get(code, code))


def cell_display(value, kind: str, *, currency: str, monthly: bool = False) -> str:
    if kind == MONEY:
        return money_format(value or 0, currency)
    if kind == DAY and isinstance(value, date):
        return formats.date_format(value, "F Y" if monthly else "D j M Y")
    if kind == COUNTRY:
        return country_name(value)
    if kind == PERCENT:
        return f"{(Decimal(value) * 100).normalize():f} %"
    if kind == TEXT:
        return value or _("(untitled)")
    return formats.number_format(value or 0, use_l10n=True, force_grouping=True)


def cell_csv(value, kind: str, *, monthly: bool = False) -> str:
    if kind == DAY and isinstance(value, date):
        return value.strftime("%Y-%m") if monthly else value.isoformat()
    if kind == COUNTRY:
        text = country_name(value)
    elif kind in (TEXT,):
        text = str(value or "")
    else:
        return str(value if value is not None else 0)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def report_table(report: Report, rows: list[dict], *, currency: str, monthly: bool):
    """``(columns, rows of (shown value, is numeric), totals row or None)`` for the page:
    the first ``PAGE_ROWS`` rows; the totals add up all of them."""
    columns = [
        {
            "label": (_("Month") if monthly and c.kind == DAY else c.label),
            "numeric": c.kind not in (TEXT, COUNTRY, DAY),
        }
        for c in report.columns
    ]
    table = [
        [
            (cell_display(row.get(c.key), c.kind, currency=currency, monthly=monthly), numeric)
            for c, numeric in zip(report.columns, (col["numeric"] for col in columns), strict=True)
        ]
        for row in rows[:PAGE_ROWS]
    ]
    totals = None
    if report.totals and rows:
        totals = [
            cell_display(sum(row[c.key] or 0 for row in rows), c.kind, currency=currency)
            if c.key in report.totals
            else ""
            for c in report.columns
        ]
        totals[0] = _("Total")
    return columns, table, totals


def report_chart(report: Report, period: Period, rows: list[dict], *, currency: str, monthly: bool):
    """Sales over time: a line over every day of the period beside the period before
    (one more query), or by month; the other reports: bars for their top rows."""
    if not rows:
        return None

    def money(value):
        return money_format(value, currency)

    if report.slug == "sales" and not monthly:
        figures = dashboard(period)
        return comparison_chart(
            title=_("Total sales by day, with the previous period"),
            current=figures.current_series["sales"],
            previous=figures.previous_series["sales"],
            start_label=cell_display(period.start, DAY, currency=currency),
            end_label=cell_display(period.end, DAY, currency=currency),
            value_label=money,
        )
    if report.slug == "sales":
        ordered = list(reversed(rows))
        return comparison_chart(
            title=_("Total sales by month"),
            current=[row["sales"] for row in ordered],
            previous=[],
            start_label=cell_display(ordered[0]["bucket"], DAY, currency=currency, monthly=True),
            end_label=cell_display(ordered[-1]["bucket"], DAY, currency=currency, monthly=True),
            value_label=money,
        )
    if not report.chart_value:
        return None
    kinds = {c.key: c.kind for c in report.columns}
    label, value = report.chart_label, report.chart_value
    top = sorted(rows, key=lambda r: r[value] or 0, reverse=True)[:CHART_ROWS]
    return bar_list(
        [
            (
                cell_display(r[label], kinds[label], currency=currency),
                r[value] or 0,
                cell_display(r[value], kinds[value], currency=currency),
            )
            for r in top
        ],
        title=str(report.title),
    )
