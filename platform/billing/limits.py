"""Plan limits: what a shop uses, and the check made where things are created.

``limit_check`` is called by the service that creates the thing, inside its
transaction and before it writes: it locks the shop's subscription row, so two
creations racing for the last slot are serialised and the second one is refused.
A shop without a subscription (an operator's own shop, shops made before billing)
has no limits.

Counting reaches into the shop's schema (products, staff users, media files);
``usage`` is the one documented place the platform does that.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.models import CollaboratorAccess, Invitation, Membership, Role
from api.selectors import app_count
from billing.models import RESOURCES, Plan, Subscription
from catalog.selectors import product_count
from shops.models import Domain, Shop

RESOURCE_NAMES = {
    "products": gettext_lazy("products"),
    "staff": gettext_lazy("staff accounts"),
    "custom_domains": gettext_lazy("custom domains"),
    "storage_bytes": gettext_lazy("media storage"),
    "apps": gettext_lazy("apps"),
}


class LimitReached(ValidationError):
    """Creating this would exceed the shop's plan. The message names the limit and
    where to upgrade; it is a ValidationError so forms show it like any other."""

    def __init__(self, *, resource: str, limit: int, plan: Plan):
        self.resource = resource
        self.limit = limit
        self.plan = plan
        shown = filesizeformat(limit) if resource == "storage_bytes" else limit
        super().__init__(
            _(
                "Your %(plan)s plan allows %(limit)s %(resource)s. "
                "Upgrade your plan in Settings → Billing (/admin/billing/) to add more."
            )
            % {"plan": plan.name, "limit": shown, "resource": RESOURCE_NAMES[resource]},
            code="limit_reached",
        )


def _shop(shop) -> Shop:
    """A Shop from a Shop or django-tenants' FakeTenant (``schema_context``)."""
    if isinstance(shop, Shop):
        return shop
    return Shop.objects.get(schema_name=shop.schema_name)


def _count_staff(shop: Shop) -> int:
    """People who may work in the shop's admin, owner included: memberships, open
    invitations (a seat is taken when it is offered, so accepting never fails) and
    approved agency collaborators. A collaborator *request* takes no seat: anyone
    with the code could otherwise fill the shop's seats, and approving it is what
    takes one. Platform tables, no schema switch."""
    return (
        1  # the owner, whether or not the shop was made with an owner membership
        + Membership.objects.filter(shop=shop).exclude(role=Role.OWNER).count()
        + Invitation.objects.filter(
            shop=shop,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).count()
        + CollaboratorAccess.objects.filter(
            shop=shop, status=CollaboratorAccess.Status.APPROVED
        ).count()
    )


def _storage_bytes() -> int:
    total = 0
    for model in (get_image_model(), get_document_model()):
        total += model.objects.aggregate(n=Sum("file_size"))["n"] or 0
    return total


def _count_custom_domains(shop: Shop) -> int:
    return (
        Domain.objects.filter(tenant_id=shop.pk)
        .exclude(domain__endswith=f".{settings.PLATFORM_DOMAIN}")
        .count()
    )


def usage_of(shop, resource: str) -> int:
    shop = _shop(shop)
    if resource == "custom_domains":
        return _count_custom_domains(shop)
    if resource == "staff":
        return _count_staff(shop)
    counter = {
        "products": product_count,
        "storage_bytes": _storage_bytes,
        "apps": app_count,
    }[resource]
    if connection.schema_name == shop.schema_name:
        return counter()
    with schema_context(shop.schema_name):
        return counter()


@dataclass(frozen=True)
class Usage:
    resource: str
    label: str
    used: int
    limit: int | None

    @property
    def percent(self) -> int | None:
        if not self.limit:
            return None
        return min(100, round(100 * self.used / self.limit))

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit


def usage(*, shop, plan: Plan | None = None) -> list[Usage]:
    """Every resource's use against ``plan`` (the shop's own plan by default)."""
    shop = _shop(shop)
    if plan is None:
        sub = Subscription.objects.select_related("plan").filter(shop=shop).first()
        plan = sub.plan if sub else None
    return [
        Usage(
            resource=resource,
            label=str(RESOURCE_NAMES[resource]),
            used=usage_of(shop, resource),
            limit=plan.limit(resource) if plan else None,
        )
        for resource in RESOURCES
    ]


def limit_check(*, shop, resource: str, adding: int = 1) -> None:
    """Raise ``LimitReached`` if adding ``adding`` of ``resource`` exceeds the plan.

    Call it inside the creating transaction: the subscription row stays locked until
    that transaction ends, so the count cannot change between check and write.
    """
    if resource not in RESOURCES:
        raise ValueError(f"unknown resource {resource!r}")
    schema = getattr(shop, "schema_name", None) or connection.schema_name
    subs = Subscription.objects.filter(shop__schema_name=schema).select_related("plan", "shop")
    if transaction.get_connection().in_atomic_block:
        subs = subs.select_for_update(of=("self",))
    sub = subs.first()
    if sub is None:
        return
    limit = sub.plan.limit(resource)
    if limit is None:
        return
    if usage_of(sub.shop, resource) + adding > limit:
        raise LimitReached(resource=resource, limit=limit, plan=sub.plan)


def downgrade_problems(*, shop, plan: Plan) -> list[str]:
    """Why ``shop`` cannot move to ``plan``: one sentence per limit it would break."""
    problems = []
    for use in usage(shop=shop, plan=plan):
        if use.over:
            if use.resource == "storage_bytes":
                used, limit = filesizeformat(use.used), filesizeformat(use.limit)
            else:
                used, limit = use.used, use.limit
            problems.append(
                _("%(plan)s allows %(limit)s %(resource)s; your shop has %(used)s.")
                % {"plan": plan.name, "limit": limit, "resource": use.label, "used": used}
            )
    return problems


def transaction_fee_percent(*, shop):
    """The platform's fee on this shop's payments (payments' application_fee_amount)."""
    sub = Subscription.objects.select_related("plan").filter(shop__schema_name=shop.schema_name)
    sub = sub.first()
    return sub.plan.transaction_fee_percent if sub else None


def api_requests_per_second(*, shop) -> float:
    """How fast the shop's app tokens may call the Admin API (leaky bucket drain rate).
    A shop without a subscription gets the platform default."""
    sub = Subscription.objects.select_related("plan").filter(shop__schema_name=shop.schema_name)
    sub = sub.first()
    return sub.plan.api_requests_per_second if sub else settings.API_RATE_LIMIT_DEFAULT_RATE
