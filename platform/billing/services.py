"""Writes on billing: start a trial, change or cancel a plan, follow Stripe.

Stripe decides a subscription's state; ``subscription_sync`` copies the object
Stripe returns onto ours and derives what only we decide (grace deadline, billing
suspension and its lifting, data retention). Every Stripe event handler ends there,
so applying events twice or out of order lands in the same place.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from billing import stripe_gateway as gateway
from billing.emails import billing_email_deliver
from billing.limits import downgrade_problems
from billing.models import BillingEmail, Invoice, Plan, Subscription
from kernel import stripe_client
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent
from shops.services import shop_reactivate, shop_suspend

logger = logging.getLogger(__name__)

SUSPEND_REASON_PAST_DUE = "billing: past due"
SUSPEND_REASON_CANCELED = "billing: subscription ended"
_STATUS_FROM_STRIPE = {
    "trialing": Subscription.Status.TRIALING,
    "active": Subscription.Status.ACTIVE,
    "past_due": Subscription.Status.PAST_DUE,
    "unpaid": Subscription.Status.PAST_DUE,
    "incomplete": Subscription.Status.PAST_DUE,
    "canceled": Subscription.Status.CANCELED,
    "incomplete_expired": Subscription.Status.CANCELED,
}


def default_plan() -> Plan | None:
    return Plan.objects.filter(is_default=True).first() or Plan.objects.public().first()


@public_schema()
def subscription_open_in_stripe(*, subscription_id: int) -> Subscription:
    """Create the Stripe customer and subscription of a local one (idempotent)."""
    sub = Subscription.objects.select_related("shop", "shop__owner", "plan").get(pk=subscription_id)
    shop = sub.shop
    if not sub.stripe_customer_id:
        customer = gateway.customer_create(shop_id=shop.pk, name=shop.name, email=shop.owner.email)
        Subscription.objects.filter(pk=sub.pk).update(stripe_customer_id=customer["id"])
        sub.stripe_customer_id = customer["id"]
    if not sub.stripe_subscription_id:
        price = sub.plan.stripe_price(sub.interval)
        if not price:
            raise ValidationError(
                _("The plan %(plan)s has no Stripe price yet.") % {"plan": sub.plan.name}
            )
        trial_end = sub.trial_end if sub.status == Subscription.Status.TRIALING else None
        remote = gateway.subscription_create(
            shop_id=shop.pk, customer=sub.stripe_customer_id, price=price, trial_end=trial_end
        )
        Subscription.objects.filter(pk=sub.pk).update(stripe_subscription_id=remote["id"])
        return subscription_sync(remote=remote)
    return sub


def subscription_sync(*, remote: dict) -> Subscription:
    """Make our subscription what Stripe says it is now (``remote``: Stripe's object).

    Whatever order events came in, the result depends only on Stripe's current
    object and on our row; calling it twice changes nothing the second time.
    """
    fields = gateway.subscription_fields(remote)
    with transaction.atomic():
        sub = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("shop", "plan")
            .filter(stripe_customer_id=fields["customer"])
            .first()
        )
        if sub is None:
            logger.warning("billing: no shop for Stripe customer %s", fields["customer"])
            return None
        if sub.stripe_subscription_id and sub.stripe_subscription_id != fields["id"]:
            # Another (older) subscription of the same customer: not the shop's plan.
            logger.info("billing: ignored Stripe subscription %s of %s", fields["id"], sub.shop)
            return sub
        before = sub.status
        status = _STATUS_FROM_STRIPE.get(fields["status"], sub.status)
        sub.stripe_subscription_id = fields["id"]
        sub.status = status
        sub.trial_end = fields["trial_end"] or sub.trial_end
        sub.current_period_end = fields["current_period_end"]
        sub.cancel_at_period_end = fields["cancel_at_period_end"]
        plan, interval = _plan_for_price(fields["price"])
        if plan is not None:
            sub.plan, sub.interval = plan, interval
        now = timezone.now()
        if status == Subscription.Status.PAST_DUE:
            if sub.grace_deadline is None:
                sub.past_due_since = now
                sub.grace_deadline = now + timedelta(days=settings.BILLING_GRACE_DAYS)
        else:
            sub.past_due_since = None
            sub.grace_deadline = None
        if status == Subscription.Status.CANCELED:
            if sub.canceled_at is None:
                sub.canceled_at = fields["ended_at"] or now
                sub.delete_after = sub.canceled_at + timedelta(days=settings.BILLING_RETENTION_DAYS)
                _shop_close_for_billing(sub, reason=SUSPEND_REASON_CANCELED)
        else:
            sub.canceled_at = None
            sub.delete_after = None
            if sub.suspended_for_billing:
                _shop_reopen(sub)
        sub.save()
        if before != status:
            shop_event_record(
                shop=sub.shop, action=ShopEvent.Action.BILLING_STATUS, before=before, after=status
            )
    return sub


def _plan_for_price(price_id: str | None) -> tuple[Plan | None, str]:
    if not price_id:
        return None, Subscription.Interval.MONTH
    plan = Plan.objects.filter(stripe_price_yearly=price_id).first()
    if plan is not None:
        return plan, Subscription.Interval.YEAR
    return Plan.objects.filter(stripe_price_monthly=price_id).first(), Subscription.Interval.MONTH


def _shop_close_for_billing(sub: Subscription, *, reason: str) -> None:
    if sub.shop.status == Shop.Status.ACTIVE:
        shop_suspend(shop=sub.shop, reason=reason, actor_name="billing")
        sub.suspended_for_billing = True


def _shop_reopen(sub: Subscription) -> None:
    if sub.shop.status == Shop.Status.SUSPENDED:
        shop_reactivate(shop=sub.shop, actor_name="billing")
    sub.suspended_for_billing = False


def invoice_sync(*, remote: dict) -> Invoice | None:
    """Keep our copy of a Stripe invoice (for the merchant's invoice list)."""
    sub = Subscription.objects.filter(stripe_customer_id=remote["customer"]).first()
    if sub is None:
        return None
    currency = (remote.get("currency") or "usd").upper()
    invoice, _created = Invoice.objects.update_or_create(
        stripe_invoice_id=remote["id"],
        defaults={
            "shop_id": sub.shop_id,
            "number": remote.get("number") or "",
            "status": remote.get("status") or "",
            "amount_due": stripe_client.from_minor(remote.get("amount_due"), currency),
            "amount_paid": stripe_client.from_minor(remote.get("amount_paid"), currency),
            "currency": currency,
            "hosted_invoice_url": remote.get("hosted_invoice_url") or "",
            "invoice_pdf": remote.get("invoice_pdf") or "",
            "created": stripe_client.timestamp(remote.get("created")) or timezone.now(),
        },
    )
    return invoice


# --- What the merchant does in the shop admin -------------------------------------


def subscription_change_plan(
    *, shop: Shop, plan: Plan, interval: str, actor: User | None = None
) -> Subscription:
    """Move the shop to ``plan`` billed every ``interval``.

    A plan whose limits the shop already exceeds is refused, naming each one: the
    merchant removes things first, nothing becomes read-only behind their back.
    """
    if interval not in Subscription.Interval.values:
        raise ValidationError({"interval": _("Choose monthly or yearly billing.")})
    problems = downgrade_problems(shop=shop, plan=plan)
    if problems:
        raise ValidationError(
            [_("You cannot switch to %(plan)s yet:") % {"plan": plan.name}, *problems]
        )
    sub = Subscription.objects.select_related("plan").get(shop=shop)
    if sub.status == Subscription.Status.CANCELED:
        raise ValidationError(_("This subscription has ended; contact support to restart it."))
    if sub.stripe_subscription_id:
        price = plan.stripe_price(interval)
        if not price:
            raise ValidationError(
                _("The plan %(plan)s cannot be bought yet.") % {"plan": plan.name}
            )
        remote = gateway.subscription_change_price(
            subscription_id=sub.stripe_subscription_id, price=price
        )
        sub = subscription_sync(remote=remote)
    with transaction.atomic():
        before = sub.plan.code
        Subscription.objects.filter(pk=sub.pk).update(plan=plan, interval=interval)
        sub.plan, sub.interval = plan, interval
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.BILLING_PLAN_CHANGED,
            actor=actor,
            before=before,
            after=plan.code,
            interval=interval,
        )
    return sub


def subscription_cancel(
    *, shop: Shop, actor: User | None = None, undo: bool = False
) -> Subscription:
    """Cancel at the end of the paid period (or take the cancellation back)."""
    sub = Subscription.objects.get(shop=shop)
    if sub.status == Subscription.Status.CANCELED:
        raise ValidationError(_("This subscription has already ended."))
    if sub.stripe_subscription_id:
        remote = gateway.subscription_set_cancel_at_period_end(
            subscription_id=sub.stripe_subscription_id, cancel=not undo
        )
        sub = subscription_sync(remote=remote)
    with transaction.atomic():
        Subscription.objects.filter(pk=sub.pk).update(cancel_at_period_end=not undo)
        sub.cancel_at_period_end = not undo
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.BILLING_CANCEL_UNDONE
            if undo
            else ShopEvent.Action.BILLING_CANCEL_REQUESTED,
            actor=actor,
        )
    return sub


def _customer_id(shop: Shop) -> tuple[Subscription, str]:
    sub = Subscription.objects.select_related("plan").get(shop=shop)
    if not sub.stripe_customer_id:
        raise ValidationError(_("Billing is still being set up for this shop; try in a minute."))
    return sub, sub.stripe_customer_id


def card_checkout_url(*, shop: Shop, return_url: str) -> str:
    """Stripe Checkout in setup mode: the merchant enters a card on Stripe's page (no
    card number reaches Souk); ``checkout.session.completed`` makes it the default."""
    sub, customer = _customer_id(shop)
    session = gateway.checkout_setup_session(
        customer=customer,
        currency=sub.plan.currency,
        success_url=return_url,
        cancel_url=return_url,
        shop_id=shop.pk,
    )
    return session["url"]


def billing_portal_url(*, shop: Shop, return_url: str) -> str:
    """Stripe's hosted billing portal: change the card, pay an open invoice."""
    _sub, customer = _customer_id(shop)
    return gateway.billing_portal_session(customer=customer, return_url=return_url)["url"]


def checkout_completed(*, session: dict) -> Subscription | None:
    """The merchant saved a card through Checkout: make it the default, then sync."""
    sub = Subscription.objects.filter(stripe_customer_id=session.get("customer")).first()
    if sub is None:
        return None
    if session.get("setup_intent"):
        intent = gateway.setup_intent_retrieve(session["setup_intent"])
        if intent.get("payment_method"):
            gateway.customer_set_default_payment_method(
                customer=sub.stripe_customer_id, payment_method=intent["payment_method"]
            )
    if sub.stripe_subscription_id:
        return subscription_sync(remote=gateway.subscription_retrieve(sub.stripe_subscription_id))
    return sub


# --- E-mails, once each ------------------------------------------------------------


@public_schema()
def billing_email_send(*, shop: Shop, kind: str, key: str, context: dict) -> bool:
    """Record then send (after commit) one billing e-mail; False if already sent."""
    to = shop.owner.email
    with transaction.atomic():
        _email, created = BillingEmail.objects.get_or_create(
            shop=shop, kind=kind, key=key, defaults={"to": to}
        )
        if created:
            transaction.on_commit(
                lambda: billing_email_deliver(shop=shop, kind=kind, to=to, context=context)
            )
    return created
