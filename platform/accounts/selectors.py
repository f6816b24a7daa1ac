"""Reads on the team side of identity: open ownership transfers, an account's
agencies, an agency's pending requests. The shop rows of "My shops" and the agency
dashboard are ``onboarding.selectors`` (they show each shop's plan, from billing)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import (
    Agency,
    AgencyMember,
    CollaboratorAccess,
    OwnershipTransfer,
)


def open_transfers_for(*, account):
    return list(
        OwnershipTransfer.objects.filter(
            to_account=account, accepted_at__isnull=True, cancelled_at__isnull=True
        ).select_related("shop", "from_account")
    )


def agencies_for(*, account) -> list[AgencyMember]:
    return list(AgencyMember.objects.filter(account=account).select_related("agency"))


@dataclass
class PendingRequest:
    """What an agency sees of a shop it asked for: its name, nothing else."""

    id: int
    shop_name: str
    requested_at: object


def agency_pending_requests(*, agency: Agency) -> list[PendingRequest]:
    """The agency's requests that wait for an owner's answer; one query."""
    rows = (
        CollaboratorAccess.objects.filter(agency=agency, status=CollaboratorAccess.Status.REQUESTED)
        .order_by("shop__name")
        .values_list("id", "shop__name", "requested_at")
    )
    return [PendingRequest(*row) for row in rows]
