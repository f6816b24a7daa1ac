"""The figures My shops and the agency dashboard list, copied from each shop's schema.

Public schema only (``accounts.routers`` keeps the table out of shop schemas, although
the ``accounts`` app is installed in both). Inside a shop's request the connection's
``search_path`` is ``<shop>, public``, so the table is still reachable there — but
``accounts_user`` exists in both schemas, so code running in a shop must use
``account_id`` and never join to ``account`` (it would read the shop's staff users
instead).

Foreign keys to ``accounts.User`` use ``DO_NOTHING`` for the reason given on
``shops.Shop.owner``: Django's collector would otherwise follow them when a shop's
own staff or shopper user is deleted. The database's constraints still hold.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.money import money_field


class ShopStats(models.Model):
    """Figures for "My shops" and the agency dashboard, refreshed by a periodic task
    (accounts.tasks) so those listings never query a shop's schema per row."""

    shop = models.OneToOneField("shops.Shop", on_delete=models.CASCADE, related_name="stats")
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    orders_today = models.PositiveIntegerField(_("orders today"), default=0)
    orders_30d = models.PositiveIntegerField(_("orders, last 30 days"), default=0)
    sales_30d = money_field(_("sales, last 30 days"), max_digits=14, default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    def __str__(self) -> str:
        return f"stats of {self.shop_id}"
