"""A shop's subscription through Stripe Billing, with the real SDK against localstripe."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import stripe
from django.core import mail
from django.utils import timezone

from billing.models import Invoice, Plan, StripeEvent, Subscription
from billing.services import subscription_cancel, subscription_change_plan
from shops.models import Shop
from tests.billing.conftest import (
    DECLINED_CARD,
    GOOD_CARD,
    card_set,
    event_for,
    localstripe_event,
    open_billing,
    post_event,
)
from tests.support.shop_admin import shop_admin_login

KEY = "sk_test_souk"


def _remote(sub):
    return stripe.Subscription.retrieve(sub.stripe_subscription_id, api_key=KEY)


def test_a_new_shop_trials_without_a_card(stripe_api, shop_a):
    sub = open_billing(shop_a)
    assert sub.status == Subscription.Status.TRIALING
    assert sub.stripe_customer_id.startswith("cus_")
    remote = _remote(sub)
    assert remote.status == "trialing"
    assert remote.customer == sub.stripe_customer_id
    assert remote["items"]["data"][0]["price"]["id"] == sub.plan.stripe_price_monthly
    # The trial in Stripe ends when ours does (14 days for Starter).
    assert abs(remote.trial_end - sub.trial_end.timestamp()) < 2
    assert sub.trial_end - timezone.now() > timedelta(days=13, hours=23)
    customer = stripe.Customer.retrieve(sub.stripe_customer_id, api_key=KEY)
    assert customer.email == "owner-alpha@example.com"
    assert customer.metadata["souk_shop_id"] == str(shop_a.pk)


def test_opening_twice_makes_one_customer_and_subscription(stripe_api, shop_a):
    from billing.services import subscription_open_in_stripe

    sub = open_billing(shop_a)
    again = subscription_open_in_stripe(subscription_id=sub.pk)
    assert again.stripe_customer_id == sub.stripe_customer_id
    assert again.stripe_subscription_id == sub.stripe_subscription_id


def _fail_first_payment(sub) -> dict:
    """End the trial with a declined card: localstripe invoices and the charge fails."""
    card_set(sub.stripe_customer_id, DECLINED_CARD)
    remote = stripe.Subscription.modify(sub.stripe_subscription_id, api_key=KEY, trial_end="now")
    assert remote.status == "past_due"
    return stripe.Invoice.retrieve(remote.latest_invoice, api_key=KEY).to_dict()


def test_failed_payment_makes_the_shop_past_due_and_emails_a_fix_link(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks, settings
):
    sub = open_billing(shop_a)
    invoice = _fail_first_payment(sub)
    assert invoice["status"] == "open"
    # localstripe records no invoice.payment_failed: build it, signed, from its invoice.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, event_for(invoice, "invoice.payment_failed"))
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.PAST_DUE
    expected = timezone.now() + timedelta(days=settings.BILLING_GRACE_DAYS)
    assert abs((sub.grace_deadline - expected).total_seconds()) < 60
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.ACTIVE  # grace first
    (email,) = mail.outbox
    assert email.to == ["owner-alpha@example.com"]
    assert "update your card" in email.subject.lower()
    assert "http://alpha.souk.test/admin/billing/" in email.body
    stored = Invoice.objects.get(stripe_invoice_id=invoice["id"])
    assert stored.shop_id == shop_a.pk
    assert stored.amount_due == Decimal("19.00")
    assert stored.status == "open"


def test_paying_reactivates_at_once(stripe_api, shop_a, client, django_capture_on_commit_callbacks):
    sub = open_billing(shop_a)
    invoice = _fail_first_payment(sub)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for(invoice, "invoice.payment_failed"))
    # The grace period ran out: the shop is suspended for billing.
    Subscription.objects.filter(pk=sub.pk).update(grace_deadline=timezone.now())
    from billing.dunning import past_due_suspend

    with django_capture_on_commit_callbacks(execute=True):
        assert past_due_suspend() == 1
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.SUSPENDED
    # The merchant fixes the card; Stripe retries and the invoice is paid.
    card_set(sub.stripe_customer_id, GOOD_CARD)
    paid = stripe.Invoice.pay(invoice["id"], api_key=KEY)
    assert paid.status == "paid"
    # Deliver what localstripe recorded (invoice.payment_succeeded), signed.
    succeeded = localstripe_event(invoice["id"], "invoice.payment_succeeded")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, succeeded).status_code == 200
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.ACTIVE
    assert sub.grace_deadline is None and not sub.suspended_for_billing
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.ACTIVE
    assert Invoice.objects.get(stripe_invoice_id=invoice["id"]).status == "paid"


def test_plan_and_interval_change_reach_stripe(stripe_api, shop_a):
    sub = open_billing(shop_a)
    # localstripe invoices an interval change at once, even in a trial: give it a card.
    card_set(sub.stripe_customer_id, GOOD_CARD)
    growth = Plan.objects.get(code="growth")
    changed = subscription_change_plan(shop=shop_a, plan=growth, interval="year")
    assert (changed.plan, changed.interval) == (growth, "year")
    assert _remote(sub)["items"]["data"][0]["price"]["id"] == growth.stripe_price_yearly
    sub.refresh_from_db()
    assert (sub.plan, sub.interval) == (growth, "year")


def test_cancel_keeps_the_shop_until_period_end_then_closes_it(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks, settings
):
    sub = open_billing(shop_a)
    card_set(sub.stripe_customer_id, GOOD_CARD)
    stripe.Subscription.modify(sub.stripe_subscription_id, api_key=KEY, trial_end="now")
    sub = subscription_cancel(shop=shop_a)
    assert sub.cancel_at_period_end and _remote(sub).cancel_at_period_end
    assert sub.status == Subscription.Status.ACTIVE
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.ACTIVE
    # At period end Stripe ends the subscription and says so.
    stripe.Subscription.cancel(sub.stripe_subscription_id, api_key=KEY)
    deleted = localstripe_event(sub.stripe_subscription_id, "customer.subscription.deleted")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, deleted).status_code == 200
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.CANCELED
    expected = sub.canceled_at + timedelta(days=settings.BILLING_RETENTION_DAYS)
    assert sub.delete_after == expected
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.SUSPENDED
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 503


def test_card_is_entered_on_stripes_hosted_page(stripe_api, shop_a, client):
    import requests

    sub = open_billing(shop_a)
    shop_admin_login(client, host="alpha.souk.test")
    response = client.post("/admin/billing/card/", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 302
    assert response["Location"].startswith(stripe_api)  # Stripe's page, not ours
    sessions = requests.get(f"{stripe_api}/_souk/sessions", auth=(KEY, ""), timeout=5)
    sessions = sessions.json()["data"]
    assert sessions[-1]["customer"] == sub.stripe_customer_id
    assert sessions[-1]["mode"] == "setup"
    assert sessions[-1]["success_url"] == "http://alpha.souk.test/admin/billing/"


def test_checkout_completed_makes_the_card_the_default(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks
):
    sub = open_billing(shop_a)
    pm = stripe.PaymentMethod.create(
        api_key=KEY,
        type="card",
        card={"number": GOOD_CARD, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
    )
    intent = stripe.SetupIntent.create(api_key=KEY, customer=sub.stripe_customer_id)
    stripe.SetupIntent.confirm(intent.id, api_key=KEY, payment_method=pm.id)
    session = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "mode": "setup",
        "customer": sub.stripe_customer_id,
        "setup_intent": intent.id,
    }
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for(session, "checkout.session.completed"))
    customer = stripe.Customer.retrieve(sub.stripe_customer_id, api_key=KEY)
    assert customer.invoice_settings.default_payment_method == pm.id
    assert StripeEvent.objects.get(type="checkout.session.completed").processed_at is not None


def test_without_stripe_configured_a_trial_is_local_only(shop_a, settings):
    from billing.trials import subscription_trial_start

    settings.STRIPE_SECRET_KEY = ""
    sub = subscription_trial_start(shop=shop_a)
    assert sub.status == Subscription.Status.TRIALING
    assert sub.plan.code == "starter" and sub.stripe_customer_id is None


def test_with_no_plan_at_all_a_shop_starts_unbilled(shop_a, caplog):
    from billing.trials import subscription_trial_start

    Plan.objects.all().delete()
    assert subscription_trial_start(shop=shop_a) is None
    assert not Subscription.objects.exists()
    assert "no plan exists" in caplog.text
