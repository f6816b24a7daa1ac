"""The shop admin dashboard's orders panel: today's orders and sales."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from orders.selectors import orders_today_summary


class OrdersTodayPanel(Component):
    name = "orders_today"
    template_name = "orders/admin/dashboard_panel.html"
    # Before Wagtail's own panels (site summary is 100): what merchants look at first.
    order = 50

    def get_context_data(self, parent_context=None):
        return {"summary": orders_today_summary()}
