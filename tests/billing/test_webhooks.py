"""The Stripe webhook endpoint: verified, stored once, applied once, in its shop only."""

from __future__ import annotations

import json
import logging
import random
import time

import stripe
from django.core import mail

from billing.models import BillingEmail, Invoice, StripeEvent, Subscription
from shops.models import ShopEvent
from tests.billing.conftest import (
    DECLINED_CARD,
    GOOD_CARD,
    card_set,
    event_for,
    open_billing,
    post_event,
    signature,
)

KEY = "sk_test_souk"


def _failed_invoice(sub) -> dict:
    card_set(sub.stripe_customer_id, DECLINED_CARD)
    remote = stripe.Subscription.modify(sub.stripe_subscription_id, api_key=KEY, trial_end="now")
    return stripe.Invoice.retrieve(remote.latest_invoice, api_key=KEY).to_dict()


def _remote_sub(sub) -> dict:
    return stripe.Subscription.retrieve(sub.stripe_subscription_id, api_key=KEY).to_dict()


def test_a_forged_signature_is_refused_and_nothing_stored(stripe_api, shop_a, client):
    sub = open_billing(shop_a)
    payload = json.dumps(event_for(_remote_sub(sub), "customer.subscription.updated"))
    forged = signature(payload, secret="whsec_someone_else")
    assert post_event(client, None, raw=payload, sig=forged).status_code == 400
    assert post_event(client, None, raw=payload, sig="").status_code == 400
    assert post_event(client, None, raw=payload, sig="t=1,v1=deadbeef").status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_tampered_body_is_refused(stripe_api, shop_a, client):
    sub = open_billing(shop_a)
    payload = json.dumps(event_for(_remote_sub(sub), "customer.subscription.updated"))
    sig = signature(payload)
    assert (
        post_event(client, None, raw=payload.replace("trialing", "active"), sig=sig).status_code
        == 400
    )
    assert not StripeEvent.objects.exists()


def test_a_stale_timestamp_is_refused(stripe_api, shop_a, client):
    sub = open_billing(shop_a)
    payload = json.dumps(event_for(_remote_sub(sub), "customer.subscription.updated"))
    six_minutes_ago = int(time.time()) - 360
    response = post_event(client, None, raw=payload, sig=signature(payload, at=six_minutes_ago))
    assert response.status_code == 400
    four_minutes_ago = int(time.time()) - 240
    response = post_event(client, None, raw=payload, sig=signature(payload, at=four_minutes_ago))
    assert response.status_code == 200
    assert StripeEvent.objects.count() == 1


def test_bad_json_is_refused(stripe_api, client):
    assert post_event(client, None, raw="{not json").status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_unknown_event_type_is_ignored_and_logged(stripe_api, shop_a, client, caplog):
    sub = open_billing(shop_a)
    customer = stripe.Customer.retrieve(sub.stripe_customer_id, api_key=KEY).to_dict()
    event = event_for(customer, "customer.discount.created")
    with caplog.at_level(logging.INFO, logger="billing.intake"):
        assert post_event(client, event).status_code == 200
    assert not StripeEvent.objects.exists()
    assert any(
        event["id"] in r.getMessage() and "customer.discount.created" in r.getMessage()
        for r in caplog.records
    )


def test_a_livemode_mismatch_is_ignored_and_logged(
    stripe_api, shop_a, client, caplog, django_capture_on_commit_callbacks
):
    sub = open_billing(shop_a)
    invoice = _failed_invoice(sub)
    event = event_for(invoice, "invoice.payment_failed", livemode=True)  # we run a test key
    with (
        caplog.at_level(logging.WARNING, logger="billing.intake"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert post_event(client, event).status_code == 200
    assert not StripeEvent.objects.exists()
    assert Subscription.objects.get(pk=sub.pk).status == Subscription.Status.TRIALING
    assert not mail.outbox
    assert any(
        "livemode" in r.getMessage() and event["id"] in r.getMessage() for r in caplog.records
    )


def test_the_same_events_100_times_shuffled_have_one_effect_each(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks
):
    sub = open_billing(shop_a)
    invoice = _failed_invoice(sub)
    failed = event_for(invoice, "invoice.payment_failed")
    updated = event_for(_remote_sub(sub), "customer.subscription.updated")
    finalized = event_for(invoice, "invoice.finalized")
    deliveries = [failed] * 100 + [updated] * 100 + [finalized] * 100
    random.Random(6).shuffle(deliveries)
    with django_capture_on_commit_callbacks(execute=True):
        for event in deliveries:
            assert post_event(client, event).status_code == 200
    assert StripeEvent.objects.count() == 3
    assert StripeEvent.objects.filter(processed_at__isnull=True).count() == 0
    assert set(StripeEvent.objects.values_list("shop_id", flat=True)) == {shop_a.pk}
    # One e-mail for the one failed invoice, one copy of it, one status change.
    assert len(mail.outbox) == 1
    assert BillingEmail.objects.filter(kind="payment_failed").count() == 1
    assert Invoice.objects.count() == 1
    changes = ShopEvent.objects.filter(shop=shop_a, action="billing.status")
    assert list(changes.values_list("detail", flat=True)) == [
        {"before": "trialing", "after": "past_due"}
    ]
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.PAST_DUE
    deadline = sub.grace_deadline
    # A late, older "trialing" snapshot changes nothing: the task re-reads Stripe.
    stale = event_for(
        {**updated["data"]["object"], "status": "trialing"}, "customer.subscription.updated"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, stale)
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.PAST_DUE and sub.grace_deadline == deadline


def test_applying_a_stored_event_twice_does_nothing_the_second_time(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks
):
    from billing.events import event_apply

    sub = open_billing(shop_a)
    invoice = _failed_invoice(sub)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for(invoice, "invoice.payment_failed"))
    stored = StripeEvent.objects.get()
    assert event_apply(event_pk=stored.pk) is False  # a redelivered task
    assert len(mail.outbox) == 1


def test_an_event_for_shop_a_changes_only_shop_a(
    stripe_api, shop_a, shop_b, client, django_capture_on_commit_callbacks
):
    sub_a = open_billing(shop_a)
    sub_b = open_billing(shop_b)
    card_set(sub_b.stripe_customer_id, GOOD_CARD)
    before_b = Subscription.objects.filter(pk=sub_b.pk).values().get()
    invoice = _failed_invoice(sub_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for(invoice, "invoice.payment_failed"))
        post_event(client, event_for(_remote_sub(sub_a), "customer.subscription.updated"))
    assert Subscription.objects.get(pk=sub_a.pk).status == Subscription.Status.PAST_DUE
    assert Subscription.objects.filter(pk=sub_b.pk).values().get() == before_b
    assert not Invoice.objects.filter(shop=shop_b).exists()
    assert not BillingEmail.objects.filter(shop=shop_b).exists()
    assert [m.to for m in mail.outbox] == [["owner-alpha@example.com"]]
    assert not ShopEvent.objects.filter(shop=shop_b, action__startswith="billing.status").exists()


def test_an_event_for_an_unknown_customer_is_stored_and_changes_nothing(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks
):
    sub = open_billing(shop_a)
    stranger = stripe.Customer.create(api_key=KEY, email="stranger@example.com")
    card_set(stranger.id, GOOD_CARD)
    plan = sub.plan.stripe_price_monthly
    other = stripe.Subscription.create(api_key=KEY, customer=stranger.id, items=[{"price": plan}])
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            post_event(
                client, event_for(other.to_dict(), "customer.subscription.updated")
            ).status_code
            == 200
        )
    stored = StripeEvent.objects.get()
    assert stored.shop_id is None and stored.processed_at is not None
    assert Subscription.objects.get(pk=sub.pk).status == Subscription.Status.TRIALING


def test_the_webhook_lives_on_the_platform_domain_only(stripe_api, shop_a, client):
    response = client.post(
        "/billing/webhooks/stripe/",
        data="{}",
        content_type="application/json",
        HTTP_HOST="alpha.souk.test",
    )
    assert response.status_code == 404


def test_without_a_webhook_secret_the_endpoint_refuses(stripe_api, client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert (
        post_event(client, event_for({"id": "x", "object": "invoice"}, "invoice.paid")).status_code
        == 503
    )
    assert not StripeEvent.objects.exists()


def test_an_old_subscription_of_the_same_customer_does_not_override_the_shops(
    stripe_api, shop_a, client, django_capture_on_commit_callbacks
):
    sub = open_billing(shop_a)
    card_set(sub.stripe_customer_id, GOOD_CARD)
    stray = stripe.Subscription.create(
        api_key=KEY,
        customer=sub.stripe_customer_id,
        items=[{"price": sub.plan.stripe_price_yearly}],
    )
    stripe.Subscription.cancel(stray.id, api_key=KEY)
    gone = stripe.Subscription.retrieve(stray.id, api_key=KEY).to_dict()
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event_for(gone, "customer.subscription.deleted"))
    now = Subscription.objects.get(pk=sub.pk)
    assert (now.status, now.stripe_subscription_id, now.interval) == (
        Subscription.Status.TRIALING,
        sub.stripe_subscription_id,
        "month",
    )
