"""Billing figures for the platform console: plain data, no rendering.

Computed from our subscription copies in the public schema (one or two grouped
queries each), never by asking Stripe or looking into shop schemas.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from billing.models import Subscription

PAYING = (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE)


def mrr() -> dict[str, Decimal]:
    """Monthly recurring revenue per currency: paying subscriptions' monthly price
    (a yearly price counts as a twelfth). Trials are not revenue yet."""
    totals: dict[str, Decimal] = {}
    subs = Subscription.objects.filter(status__in=PAYING).select_related("plan")
    for sub in subs.only("interval", "plan__price_monthly", "plan__price_yearly", "plan__currency"):
        totals[sub.plan.currency] = totals.get(sub.plan.currency, Decimal("0")) + sub.monthly_amount
    return totals


def subscriptions_by_plan() -> list[dict]:
    """Per plan: trialing, active and past-due counts, in plan order."""
    rows = (
        Subscription.objects.values("plan__code", "plan__name", "plan__position")
        .annotate(
            trialing=Count("id", filter=Q(status=Subscription.Status.TRIALING)),
            active=Count("id", filter=Q(status=Subscription.Status.ACTIVE)),
            past_due=Count("id", filter=Q(status=Subscription.Status.PAST_DUE)),
        )
        .order_by("plan__position", "plan__code")
    )
    return [
        {
            "plan": row["plan__code"],
            "name": row["plan__name"],
            "trialing": row["trialing"],
            "active": row["active"],
            "past_due": row["past_due"],
        }
        for row in rows
    ]


def past_due_shops() -> list[dict]:
    subs = (
        Subscription.objects.filter(status=Subscription.Status.PAST_DUE)
        .select_related("shop", "plan")
        .order_by("grace_deadline")
    )
    return [
        {
            "shop": sub.shop.name,
            "subdomain": sub.shop.subdomain,
            "plan": sub.plan.name,
            "past_due_since": sub.past_due_since,
            "grace_deadline": sub.grace_deadline,
            "suspended": sub.suspended_for_billing,
        }
        for sub in subs
    ]


def churn(*, days: int = 30) -> dict:
    """Subscriptions that ended in the last ``days`` over those paying at its start
    (paying now plus those that ended since). ``rate`` is a fraction, or None."""
    since = timezone.now() - timedelta(days=days)
    counts = Subscription.objects.aggregate(
        ended=Count("id", filter=Q(status=Subscription.Status.CANCELED, canceled_at__gte=since)),
        paying=Count("id", filter=Q(status__in=PAYING)),
    )
    base = counts["paying"] + counts["ended"]
    rate = (Decimal(counts["ended"]) / base).quantize(Decimal("0.0001")) if base else None
    return {"days": days, "ended": counts["ended"], "base": base, "rate": rate}


def summary() -> dict:
    return {
        "mrr": mrr(),
        "by_plan": subscriptions_by_plan(),
        "past_due": past_due_shops(),
        "churn": churn(),
    }


def bar_chart(rows: list[dict], *, keys=("active", "trialing", "past_due"), width=480) -> dict:
    """Geometry of a horizontal stacked bar chart (for billing/chart_by_plan.svg)."""
    colours = {"active": "#0f766e", "trialing": "#60a5fa", "past_due": "#dc2626"}
    biggest = max([sum(row[k] for k in keys) for row in rows] or [0]) or 1
    label_width, bar_height, gap = 120, 22, 10
    scale = (width - label_width - 40) / biggest
    bars = []
    for i, row in enumerate(rows):
        x = label_width
        y = i * (bar_height + gap)
        segments = []
        for key in keys:
            w = row[key] * scale
            if w:
                segments.append(
                    {
                        "x": x,
                        "width": round(w, 1),
                        "colour": colours[key],
                        "key": key,
                        "n": row[key],
                    }
                )
            x += w
        bars.append(
            {
                "label": row["name"],
                "y": y,
                "text_y": y + bar_height * 0.7,
                "segments": segments,
                "total": sum(row[k] for k in keys),
                "end_x": round(x + 6, 1),
            }
        )
    return {
        "width": width,
        "height": max(1, len(rows)) * (bar_height + gap),
        "bar_height": bar_height,
        "bars": bars,
        "legend": [{"key": k, "colour": colours[k]} for k in keys],
    }
