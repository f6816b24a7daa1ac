"""Checking a claimed custom domain's DNS and recording the answer.

Called by the ``verify_domain`` task and by the shop admin's "Check now" button;
apart from ``shops.services`` because ``shops.services`` queues that task.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.dns import DnsUnavailable, domain_dns_check
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory


def domain_verify(*, domain_id: int, shop: Shop | None = None) -> Domain | None:
    """Ask DNS about one pending domain and record the answer; ``None`` if it is gone.

    The lookup runs outside any transaction (it may take seconds); the row is locked
    and re-read only to write the outcome.
    """
    with public_schema():
        rows = Domain.objects.filter(pk=domain_id)
        if shop is not None:  # asked from a shop's admin: only its own domains
            rows = rows.filter(tenant_id=shop.pk)
        row = rows.first()
        if row is None or row.is_verified:
            return row
        try:
            check = domain_dns_check(domain=row.domain, token=row.verification_token)
            problems = list(check.problems)
        except DnsUnavailable:
            check = None
            problems = [_("DNS did not answer. We will try again in a few minutes.")]
        with transaction.atomic():
            row = Domain.objects.select_for_update().filter(pk=domain_id).first()
            if row is None or row.is_verified:
                return row
            row.checked_at = timezone.now()
            if check is not None and check.ok:
                taken = Domain.objects.verified().filter(domain=row.domain).exclude(pk=row.pk)
                if taken.exists():
                    problems = [_("This domain is already connected to another shop.")]
                else:
                    problems = _domain_mark_verified(row) or []
            row.check_error = " ".join(problems)[:500]
            row.save(update_fields=["checked_at", "check_error"])
        return row


def _domain_mark_verified(row: Domain) -> list[str] | None:
    """Set ``verified_at``; the partial unique index settles two shops verifying the
    same name at the same moment (the loser stays pending with a message)."""
    try:
        with transaction.atomic():
            Domain.objects.filter(pk=row.pk).update(verified_at=row.checked_at)
    except IntegrityError:
        return [_("This domain is already connected to another shop.")]
    row.verified_at = row.checked_at
    shop_event_record(
        shop=Shop.objects.get(pk=row.tenant_id),
        action=ShopEvent.Action.DOMAIN_VERIFIED,
        domain=row.domain,
    )
    directory.invalidate_on_commit()
    return None
