"""Reads of the console, each a fixed number of queries whatever the number of shops.

Usage figures come from ``ShopUsage`` (a snapshot refreshed by a periodic task,
``shops.usage``), never from the shops' schemas, so neither the list nor the
overview reads another schema in the request.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy

from billing.models import Plan
from connect.models import ConnectedAccount, ConnectEvent
from console.models import ShopExport
from shops.activity import event_sentence
from shops.models import Domain, Shop, ShopEvent

EVENTS_SHOWN = 50
EXPORTS_SHOWN = 10
CONNECT_EVENTS_SHOWN = 100


def shops_for_list() -> QuerySet[Shop]:
    """Shops with owner, usage and primary domain in the same query."""
    primary = Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]
    return (
        Shop.objects.select_related("owner", "usage")
        .annotate(primary_host=Subquery(primary))
        .order_by("-created_at", "-id")
    )


def _members(shop: Shop) -> list | None:
    """The shop's memberships, or ``None`` while ``accounts.Membership`` does not exist.

    MERGE POINT (identity): written against ``shop.memberships`` with ``account`` and
    ``role`` as in ARCHITECTURE.md; until that relation exists the page shows the owner.
    """
    accessors = {rel.get_accessor_name() for rel in Shop._meta.related_objects}
    if "memberships" not in accessors:
        return None
    return list(shop.memberships.select_related("account").order_by("pk"))


def shop_detail(*, shop_id: int) -> dict:
    shop = shops_for_list().select_related("connected_account").get(pk=shop_id)
    return {
        "shop": shop,
        "usage": getattr(shop, "usage", None) if _has_usage(shop) else None,
        "domains": list(
            Domain.objects.filter(tenant=shop).order_by("-is_primary", "verified_at", "domain")
        ),
        "members": _members(shop),
        "events": _with_sentences(ShopEvent.objects.filter(shop=shop)[:EVENTS_SHOWN]),
        "exports": list(ShopExport.objects.filter(shop=shop)[:EXPORTS_SHOWN]),
        "connected_account": _connected_account(shop),
        "connect_events": list(ConnectEvent.objects.for_shop(shop).defer("payload")[:EVENTS_SHOWN]),
    }


def _with_sentences(events) -> list[ShopEvent]:
    """The events, each with ``sentence``: what happened, in words (shops.activity)."""
    events = list(events)
    for event in events:
        event.sentence = event_sentence(event)
    return events


def connect_events(*, status: str = "") -> list[ConnectEvent]:
    """The latest Connect events of every shop (and of no shop: unknown accounts)."""
    events = ConnectEvent.objects.select_related("shop").defer("payload")
    if status in ConnectEvent.Status.values:
        events = events.filter(status=status)
    return list(events.order_by("-received_at", "-id")[:CONNECT_EVENTS_SHOWN])


def _connected_account(shop: Shop) -> ConnectedAccount | None:
    try:
        return shop.connected_account  # loaded by select_related
    except Shop.connected_account.RelatedObjectDoesNotExist:
        return None


def _has_usage(shop: Shop) -> bool:
    try:
        shop.usage  # noqa: B018 - loaded by select_related; raises when missing
    except Shop.usage.RelatedObjectDoesNotExist:
        return False
    return True


def _per_day(queryset: QuerySet, field: str, days: int) -> list[tuple[datetime.date, int]]:
    end = timezone.localdate()
    start = end - datetime.timedelta(days=days - 1)
    counts = dict(
        queryset.filter(**{f"{field}__date__gte": start})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return [
        (start + datetime.timedelta(days=i), counts.get(start + datetime.timedelta(days=i), 0))
        for i in range(days)
    ]


def signups_per_day(days: int = 30) -> dict[str, list[tuple[datetime.date, int]]]:
    """New shops and new platform accounts per day, oldest first, zero-filled."""
    return {
        "shops": _per_day(Shop.objects.all(), "created_at", days),
        "accounts": _per_day(get_user_model().objects.all(), "date_joined", days),
    }


def shops_by_status() -> list[tuple[str, int]]:
    counts = dict(Shop.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(str(label), counts.get(value, 0)) for value, label in Shop.Status.choices]


def shops_by_plan() -> list[tuple[str, int]]:
    """Subscriptions per plan (billing's figures) and shops with none: two queries."""
    plans = Plan.objects.annotate(n=Count("subscriptions")).order_by("pk")
    rows = [(plan.name, plan.n) for plan in plans]
    unbilled = Shop.objects.filter(subscription__isnull=True).count()
    rows.append((str(gettext_lazy("No plan")), unbilled))
    return rows


# Breakdowns drawn on the overview, each (name, title, function returning [(label, count)]).
BREAKDOWNS = [
    ("status", gettext_lazy("Shops by status"), shops_by_status),
    ("plan", gettext_lazy("Shops by plan"), shops_by_plan),
]
