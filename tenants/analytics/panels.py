"""The Home dashboard's analytics panel: four figures of the chosen period beside the
previous period, each with its day-by-day chart (server-drawn SVG)."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component

from analytics import selectors
from analytics.charts import comparison_chart
from analytics.periods import CUSTOM, PRESETS, period_parse
from kernel.money import money_format


def shop_currency() -> str:
    return getattr(connection.tenant, "currency", "") or "USD"


def _percent(rate: Decimal) -> str:
    return formats.number_format(round(rate * 100, 1), decimal_pos=1, use_l10n=True) + " %"


def _change(current, previous, *, rate: bool = False) -> tuple[str, str]:
    """The change as shown ("+12.5 %"; a rate's in points, "+4.2 pts") and its
    direction, for the colour."""
    if rate:
        points = round((Decimal(current) - Decimal(previous)) * 100, 1)
        shown = formats.number_format(points, decimal_pos=1, use_l10n=True)
        direction = "up" if points > 0 else "down" if points < 0 else "flat"
        return (f"+{shown}" if points > 0 else shown) + " " + _("pts"), direction
    if not previous:
        return ("—", "flat") if not current else (_("new"), "up")
    change = (Decimal(current) - Decimal(previous)) / Decimal(previous) * 100
    shown = formats.number_format(round(change, 1), decimal_pos=1, use_l10n=True)
    if change > 0:
        return f"+{shown} %", "up"
    if change < 0:
        return f"{shown} %", "down"
    return "0 %", "flat"


METRIC_LABELS = {
    "sales": gettext_lazy("Total sales"),
    "orders": gettext_lazy("Orders"),
    "average_order_value": gettext_lazy("Average order value"),
    "returning_rate": gettext_lazy("Returning customer rate"),
}


def dashboard_context(params) -> dict:
    """What the panel shows for the period asked in ``params`` (one query)."""
    period, error = period_parse(params)
    figures = selectors.dashboard(period)
    currency = shop_currency()
    shown = {
        "sales": lambda v: money_format(v, currency),
        "orders": lambda v: formats.number_format(v, use_l10n=True, force_grouping=True),
        "average_order_value": lambda v: money_format(v, currency),
        "returning_rate": _percent,
    }
    start = formats.date_format(period.start, "j M")
    end = formats.date_format(period.end, "j M")
    cards = []
    for metric in selectors.METRICS:
        current = getattr(figures.current, metric)
        previous = getattr(figures.previous, metric)
        change, direction = _change(current, previous, rate=metric == "returning_rate")
        label = str(METRIC_LABELS[metric])
        cards.append(
            {
                "metric": metric,
                "label": label,
                "value": shown[metric](current),
                "previous": shown[metric](previous),
                "change": change,
                "direction": direction,
                "chart": comparison_chart(
                    title=_("%(metric)s from %(start)s to %(end)s, with the previous period")
                    % {"metric": label, "start": start, "end": end},
                    current=figures.current_series[metric],
                    previous=figures.previous_series[metric],
                    start_label=start,
                    end_label=end,
                    value_label=shown[metric],
                ),
            }
        )
    return {
        "period": period,
        "period_error": error,
        "presets": [(key, label) for key, (_days, label) in PRESETS.items()],
        "custom": CUSTOM,
        "previous_start": period.previous.start,
        "previous_end": period.previous.end,
        "cards": cards,
    }


class AnalyticsPanel(Component):
    name = "analytics"
    template_name = "analytics/admin/dashboard_panel.html"
    # First on Home: what the shop sold (the orders panel is 50, a setup guide may be lower).
    order = 40

    class Media:
        css = {"all": ["analytics/admin.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return dashboard_context(self.request.GET)
