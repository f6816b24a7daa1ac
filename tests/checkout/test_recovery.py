"""Abandoned checkouts: which ones, one recovery e-mail, never after the order, the link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from cart.services import cart_add, cart_create
from checkout.models import CheckoutSession, CheckoutSettings
from checkout.services import checkout_place_order
from checkout.services.recovery import (
    checkout_settings,
    checkout_settings_update,
    checkouts_abandoned,
    recovery_link_token,
)
from checkout.tasks import checkout_recovery_email_send, checkout_recovery_emails_queue
from tests.cart.builders import variant
from tests.checkout.conftest import CARD_OK, ready_checkout
from tests.orders.conftest import place

HOST = "alpha.souk.test"
BETA = "beta.souk.test"


def _idle(session, minutes=90):
    CheckoutSession.objects.filter(pk=session.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def _scan(capture, *, minutes_later=0):
    at = (timezone.now() + timedelta(minutes=minutes_later)).isoformat()
    with capture(execute=True):
        return checkout_recovery_emails_queue(now=at)


def test_one_email_after_the_delay_and_never_again(
    shop, mailoutbox, django_capture_on_commit_callbacks
):
    session = ready_checkout()
    assert _scan(django_capture_on_commit_callbacks) == 0  # not idle for an hour yet
    _idle(session)
    assert _scan(django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana@example.com"] and "Blue mug" in mail.body
    assert "/checkout/recover/" in mail.body and "/checkout/recover/" in mail.alternatives[0][0]
    assert _scan(django_capture_on_commit_callbacks, minutes_later=600) == 0
    assert len(mailoutbox) == 1
    session.refresh_from_db()
    assert session.recovery_email_sent_at is not None


def test_nobody_who_ordered_is_written_to(shop, mailoutbox, django_capture_on_commit_callbacks):
    paid = ready_checkout()
    assert checkout_place_order(session=paid, card=CARD_OK, currency="USD").placed
    bought_elsewhere = ready_checkout()  # same e-mail, then ordered through another cart
    _idle(paid)
    _idle(bought_elsewhere)
    place(email="ana@example.com")
    assert _scan(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    assert list(checkouts_abandoned()) == []


def test_paid_between_the_scan_and_the_send_gets_no_email(shop, mailoutbox):
    session = ready_checkout()
    _idle(session)
    with transaction.atomic():
        from checkout.services.recovery import recovery_emails_mark

        assert recovery_emails_mark() == [session.pk]
    assert checkout_place_order(session=session, card=CARD_OK, currency="USD").placed
    assert checkout_recovery_email_send(checkout_id=session.pk) is False
    assert mailoutbox == []


def test_the_merchant_sets_the_delay_or_turns_it_off(
    shop, mailoutbox, django_capture_on_commit_callbacks
):
    session = ready_checkout()
    _idle(session, minutes=30)
    checkout_settings_update(recovery_email_enabled=True, recovery_email_delay_minutes=20)
    checkout_settings_update(recovery_email_enabled=False, recovery_email_delay_minutes=20)
    assert _scan(django_capture_on_commit_callbacks) == 0
    checkout_settings_update(recovery_email_enabled=True, recovery_email_delay_minutes=20)
    assert _scan(django_capture_on_commit_callbacks) == 1
    for bad in (0, 4, 7 * 24 * 60 + 1, "60", True):
        with pytest.raises(ValidationError):
            checkout_settings_update(recovery_email_enabled=True, recovery_email_delay_minutes=bad)
    assert checkout_settings().recovery_email_delay_minutes == 20
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckoutSettings.objects.update(recovery_email_delay_minutes=1)


def test_old_checkouts_and_drafts_get_none(shop, django_capture_on_commit_callbacks):
    ancient = ready_checkout()
    _idle(ancient, minutes=8 * 24 * 60)
    assert _scan(django_capture_on_commit_callbacks) == 0
    assert list(checkouts_abandoned()) == [ancient]  # still listed for the merchant


def test_the_link_restores_the_cart_and_resumes_the_checkout(client, shop):
    session = ready_checkout()
    link = f"/checkout/recover/{recovery_link_token(session)}/"
    response = client.get(link, HTTP_HOST=HOST)
    assert response["Location"] == "/checkout/"
    assert client.get("/checkout/", HTTP_HOST=HOST)["Location"] == "/checkout/payment/"
    page = client.get("/checkout/payment/", HTTP_HOST=HOST).content.decode()
    assert "Blue mug" in page
    paid = client.post("/checkout/payment/", CARD_OK, HTTP_HOST=HOST)
    assert "/checkout/thank-you/" in paid["Location"]
    # The same link after the order: a word, not a second checkout.
    again = client.get(link, HTTP_HOST=HOST)
    assert again["Location"] == "/cart/"
    assert "already placed this order" in client.get("/cart/", HTTP_HOST=HOST).content.decode()


def test_a_link_is_nothing_in_another_shop_or_when_tampered(client, shop, shop_b):
    session = ready_checkout()
    token = recovery_link_token(session)
    with schema_context(shop_b.schema_name):
        cart = cart_create()
        cart_add(cart=cart, variant_id=variant().pk, quantity=1)
        CheckoutSession.objects.create(token=session.token, cart=cart, email="eve@example.com")
    for host, link in ((BETA, token), (HOST, token[:-2] + "xx")):
        response = client.get(f"/checkout/recover/{link}/", HTTP_HOST=host)
        assert response["Location"] == "/cart/"
        assert "expired" in client.get("/cart/", HTTP_HOST=host).content.decode()


@pytest.fixture
def shop(shop_a):
    from tests.checkout.conftest import shop_setup

    with schema_context(shop_a.schema_name):
        shop_setup()
        yield shop_a
