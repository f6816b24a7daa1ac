"""Reads for "My shops" and the agency dashboard: a fixed number of queries,
whatever the number of shops (figures come from ``ShopStats``, never from the
shops' schemas; plan names from ``billing.selectors``)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Agency, CollaboratorAccess, Membership, ShopStats
from billing.selectors import shop_plan_names


@dataclass
class ShopRow:
    shop: object
    role: str
    via: str  # "" for a membership, the agency's name for collaborator access
    stats: ShopStats | None
    plan: str


def _stats_for(shop_ids) -> dict[int, ShopStats]:
    return {s.shop_id: s for s in ShopStats.objects.filter(shop_id__in=shop_ids)}


def shops_for_account(*, account) -> list[ShopRow]:
    """Shops the account may enter: its memberships, then its agencies' client
    shops (approved collaborator access). Four queries."""
    memberships = list(
        Membership.objects.filter(account=account).select_related("shop").order_by("shop__name")
    )
    accesses = list(
        CollaboratorAccess.objects.filter(
            agency__members__account=account, status=CollaboratorAccess.Status.APPROVED
        )
        .exclude(shop_id__in=[m.shop_id for m in memberships])
        .select_related("shop", "agency")
        .order_by("shop__name")
    )
    ids = [m.shop_id for m in memberships] + [a.shop_id for a in accesses]
    stats, plans = _stats_for(ids), shop_plan_names(ids)
    rows = [
        ShopRow(m.shop, m.get_role_display(), "", stats.get(m.shop_id), plans.get(m.shop_id, ""))
        for m in memberships
    ]
    seen = set(ids[: len(memberships)])
    for a in accesses:
        if a.shop_id in seen:
            continue
        seen.add(a.shop_id)
        rows.append(
            ShopRow(
                a.shop,
                "collaborator",
                a.agency.name,
                stats.get(a.shop_id),
                plans.get(a.shop_id, ""),
            )
        )
    return rows


def agency_client_shops(*, agency: Agency) -> list[ShopRow]:
    """The agency dashboard: every shop it may work on, with its figures.

    Approved access only: a shop's status, plan and sales are the owner's to share,
    and sharing them is what approving means. A withdrawn or refused access shows
    nothing at all."""
    accesses = list(
        CollaboratorAccess.objects.filter(agency=agency, status=CollaboratorAccess.Status.APPROVED)
        .select_related("shop")
        .order_by("shop__name")
    )
    ids = [a.shop_id for a in accesses]
    stats, plans = _stats_for(ids), shop_plan_names(ids)
    return [
        ShopRow(
            a.shop, a.get_status_display(), a.status, stats.get(a.shop_id), plans.get(a.shop_id, "")
        )
        for a in accesses
    ]
