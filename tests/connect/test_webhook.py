"""The Connect webhook: verified, stored once, routed by ``account``, applied once.

A fake handler put in ``checkout.dispatch.STRIPE_EVENT_HANDLERS`` (the seam through
which the webhook reaches the shop apps) writes into the schema it runs in, so each test sees
*where* an event was applied, not only that it was.
"""

from __future__ import annotations

import json
import logging
import random
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from checkout import dispatch
from connect.events import event_apply
from connect.models import ConnectEvent
from shops.models import Shop
from tests.billing.conftest import signature
from tests.connect.conftest import (
    CONNECT_SECRET,
    FULLY_ENABLED,
    connect_event,
    connected,
    onboarding_done,
    post_connect_event,
)

FAKE_TYPE = "payment_intent.succeeded"


def _site_name(shop) -> str:
    from wagtail.models import Site

    with schema_context(shop.schema_name):
        return Site.objects.get().site_name


@pytest.fixture
def applied(monkeypatch):
    """A fake money handler: counts runs per schema and renames that schema's Site.

    The rename is a write in the shop's own tables: if it ran in the wrong schema, the
    other shop's Site would change.
    """
    from wagtail.models import Site

    runs: list[tuple[str, str]] = []

    def handler(*, event):
        site = Site.objects.get()
        site.site_name = f"{site.site_name}+{event['id']}"
        site.save(update_fields=["site_name"])
        runs.append((connection.schema_name, event["id"]))

    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, FAKE_TYPE, handler)
    return runs


def test_a_forged_signature_is_refused_and_nothing_stored(connect_api, shop_a, client, applied):
    account = connected(shop_a)
    payload = json.dumps(connect_event(account.account_id, FAKE_TYPE))
    for sig in (
        signature(payload, secret="whsec_someone_else"),
        signature(payload),  # billing's secret, not the Connect endpoint's
        "",
        "t=1,v1=deadbeef",
    ):
        assert post_connect_event(client, None, raw=payload, sig=sig).status_code == 400
    tampered = payload.replace(FAKE_TYPE, "account.updated")
    sig = signature(payload, secret=CONNECT_SECRET)
    assert post_connect_event(client, None, raw=tampered, sig=sig).status_code == 400
    assert not ConnectEvent.objects.exists() and not applied


def test_a_stale_timestamp_is_refused(connect_api, shop_a, client, applied):
    account = connected(shop_a)
    payload = json.dumps(connect_event(account.account_id, FAKE_TYPE))
    old = signature(payload, secret=CONNECT_SECRET, at=int(time.time()) - 301 - 5)
    assert post_connect_event(client, None, raw=payload, sig=old).status_code == 400
    assert not ConnectEvent.objects.exists()
    recent = signature(payload, secret=CONNECT_SECRET, at=int(time.time()) - 240)
    assert post_connect_event(client, None, raw=payload, sig=recent).status_code == 200
    assert ConnectEvent.objects.count() == 1


def test_garbled_bodies_are_refused(connect_api, client):
    assert post_connect_event(client, None, raw="{not json").status_code == 400
    assert post_connect_event(client, None, raw=json.dumps({"object": "event"})).status_code == 400
    assert not ConnectEvent.objects.exists()


def test_without_a_secret_the_endpoint_answers_503(connect_api, settings, client):
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    response = post_connect_event(client, connect_event("acct_x", FAKE_TYPE))
    assert response.status_code == 503
    assert not ConnectEvent.objects.exists()


def test_the_webhook_lives_on_the_platform_domain_only(connect_api, shop_a, client):
    payload = json.dumps(connect_event("acct_x", FAKE_TYPE))
    response = client.post(
        "/connect/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_HOST="alpha.souk.test",
        HTTP_STRIPE_SIGNATURE=signature(payload, secret=CONNECT_SECRET),
    )
    assert response.status_code == 404
    assert not ConnectEvent.objects.exists()


def test_the_same_event_100_times_shuffled_with_neighbours_has_one_effect(
    connect_api, shop_a, client, applied, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    paid = connect_event(account.account_id, FAKE_TYPE)
    updated = connect_event(account.account_id, "account.updated")
    other = connect_event(account.account_id, "payout.paid")  # nobody handles it
    deliveries = [paid] * 100 + [updated] * 100 + [other] * 100
    random.Random(7).shuffle(deliveries)
    before = _site_name(shop_a)
    with django_capture_on_commit_callbacks(execute=True):
        for event in deliveries:
            assert post_connect_event(client, event).status_code == 200
    assert ConnectEvent.objects.count() == 3
    assert applied == [(shop_a.schema_name, paid["id"])]
    assert _site_name(shop_a) == f"{before}+{paid['id']}"
    statuses = dict(ConnectEvent.objects.values_list("event_id", "status"))
    assert statuses == {paid["id"]: "applied", updated["id"]: "applied", other["id"]: "ignored"}
    assert ConnectEvent.objects.get(event_id=paid["id"]).attempts == 1
    account.refresh_from_db()
    assert account.charges_enabled and account.payouts_enabled
    # A redelivered task finds the event applied and does nothing.
    assert event_apply(event_pk=ConnectEvent.objects.get(event_id=paid["id"]).pk) is False
    assert len(applied) == 1


def test_an_event_for_shop_b_arriving_while_shop_a_is_in_context_changes_only_b(
    connect_api, shop_a, shop_b, applied, django_capture_on_commit_callbacks
):
    from connect.intake import event_receive

    connected(shop_a)
    account_b = connected(shop_b)
    a_before, b_before = _site_name(shop_a), _site_name(shop_b)
    event = connect_event(account_b.account_id, FAKE_TYPE)
    with schema_context(shop_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        stored = event_receive(event=event)
        assert connection.schema_name == shop_a.schema_name  # left as it was found
    assert stored.shop_id == shop_b.pk
    assert applied == [(shop_b.schema_name, event["id"])]
    assert _site_name(shop_a) == a_before
    assert _site_name(shop_b) == f"{b_before}+{event['id']}"


def test_an_unknown_account_is_recorded_as_ignored(
    connect_api, shop_a, client, applied, caplog, django_capture_on_commit_callbacks
):
    connected(shop_a)
    event = connect_event("acct_nobodys", FAKE_TYPE)
    with (
        caplog.at_level(logging.INFO, logger="connect.intake"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert post_connect_event(client, event).status_code == 200
    stored = ConnectEvent.objects.get()
    assert (stored.status, stored.shop_id) == ("ignored", None)
    assert stored.reason == "unknown account acct_nobodys"
    assert not applied
    assert any(event["id"] in r.getMessage() for r in caplog.records)
    # An event with no account at all (a platform event sent to this endpoint).
    with django_capture_on_commit_callbacks(execute=True):
        post_connect_event(client, connect_event(None, FAKE_TYPE))
    assert ConnectEvent.objects.filter(reason__startswith="no account").count() == 1
    assert not applied


def test_a_livemode_mismatch_is_recorded_as_ignored(
    connect_api, shop_a, client, applied, django_capture_on_commit_callbacks
):
    account = connected(shop_a)  # the platform runs a test key
    event = connect_event(account.account_id, FAKE_TYPE, livemode=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_connect_event(client, event).status_code == 200
    stored = ConnectEvent.objects.get()
    assert stored.status == "ignored" and stored.livemode is True
    assert stored.reason.startswith("livemode mismatch")
    assert not applied


def test_an_unknown_type_is_recorded_as_ignored(
    connect_api, shop_a, client, applied, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    event = connect_event(account.account_id, "capability.updated")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_connect_event(client, event).status_code == 200
    stored = ConnectEvent.objects.get()
    assert (stored.status, stored.shop_id) == ("ignored", shop_a.pk)
    assert stored.reason == "unhandled type capability.updated"
    assert not applied


def test_a_failing_handler_is_recorded_and_the_retry_applies_it_once(
    connect_api, shop_a, client, monkeypatch, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    account = connected(shop_a)
    calls = []

    def flaky(*, event):
        calls.append(connection.schema_name)
        Site.objects.update(site_name="half-written")
        if len(calls) == 1:
            raise RuntimeError("the shop's database hiccuped")

    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, FAKE_TYPE, flaky)
    before = _site_name(shop_a)
    event = connect_event(account.account_id, FAKE_TYPE)
    with (
        pytest.raises(Exception, match="hiccuped"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post_connect_event(client, event)  # eager task: the error reaches us
    stored = ConnectEvent.objects.get()
    assert stored.status == "failed" and "hiccuped" in stored.reason
    assert stored.attempts == 1 and stored.applied_at is None
    assert _site_name(shop_a) == before  # the failed run left nothing behind
    assert event_apply(event_pk=stored.pk) is True  # Celery's retry
    stored.refresh_from_db()
    assert (stored.status, stored.reason, stored.attempts) == ("applied", "", 2)
    assert event_apply(event_pk=stored.pk) is False
    assert calls == [shop_a.schema_name, shop_a.schema_name]


def test_a_suspended_shop_still_gets_its_events(
    connect_api, shop_a, client, applied, django_capture_on_commit_callbacks
):
    from shops.services import shop_suspend

    account = connected(shop_a)
    shop_suspend(shop=shop_a, reason="test", actor_name="test")
    assert Shop.objects.get(pk=shop_a.pk).status == Shop.Status.SUSPENDED
    event = connect_event(account.account_id, FAKE_TYPE)
    with django_capture_on_commit_callbacks(execute=True):
        post_connect_event(client, event)
    assert ConnectEvent.objects.get().status == "applied"
    assert applied == [(shop_a.schema_name, event["id"])]
