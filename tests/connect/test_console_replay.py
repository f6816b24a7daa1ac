"""Platform staff see each shop's Connect events in the console and replay them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context
from wagtail.models import Site

from checkout import dispatch
from connect.models import ConnectEvent
from shops.models import ShopEvent
from tests.connect.conftest import connect_event, connected, post_connect_event
from tests.console.conftest import PlatformClient

FAKE_TYPE = "charge.refunded"


@pytest.fixture
def handler(monkeypatch):
    """An idempotent fake handler: it sets the shop's Site name from the event."""
    from django.db import connection

    runs = []

    def apply(*, event):
        Site.objects.update(site_name=f"refunded {event['data']['object']['id']}")
        runs.append(connection.schema_name)

    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, FAKE_TYPE, apply)
    return runs


def _stored(client, account_id, django_capture_on_commit_callbacks) -> ConnectEvent:
    event = connect_event(account_id, FAKE_TYPE, {"id": "ch_1", "object": "charge"})
    with django_capture_on_commit_callbacks(execute=True):
        assert post_connect_event(client, event).status_code == 200
    return ConnectEvent.objects.get(event_id=event["id"])


def test_the_shop_page_lists_its_connect_events_and_replays_one(
    connect_api, shop_a, shop_b, client, console, handler, django_capture_on_commit_callbacks
):
    account_a = connected(shop_a)
    account_b = connected(shop_b)
    stored = _stored(client, account_a.account_id, django_capture_on_commit_callbacks)
    other = _stored(client, account_b.account_id, django_capture_on_commit_callbacks)
    assert handler == [shop_a.schema_name, shop_b.schema_name]
    page = console.get(f"/console/shops/{shop_a.pk}/").content.decode()
    assert stored.event_id in page and other.event_id not in page
    assert account_a.account_id in page
    url = reverse("console:connect_event_replay", args=[stored.pk], urlconf="config.urls_public")
    confirm = console.get(url)
    assert confirm.status_code == 200 and "Replay this event" in confirm.content.decode()
    assert handler == [shop_a.schema_name, shop_b.schema_name]  # a GET changes nothing
    response = console.post(url, follow=True)
    assert "replayed: Applied" in response.content.decode()
    assert handler == [shop_a.schema_name, shop_b.schema_name, shop_a.schema_name]
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("applied", 2)
    with schema_context(shop_a.schema_name):
        assert Site.objects.get().site_name == "refunded ch_1"  # same result, not doubled
    assert ShopEvent.objects.filter(
        shop=shop_a, action="payments.stripe_event_replayed", actor_name="admin@souk.test"
    ).exists()


def test_replaying_an_event_ignored_for_an_unknown_account_applies_it_once_connected(
    connect_api, shop_a, client, console, handler, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    account_id = account.account_id
    account.delete()  # the event arrives before the account is known
    stored = _stored(client, account_id, django_capture_on_commit_callbacks)
    assert stored.status == "ignored" and not handler
    listing = console.get("/console/connect-events/?status=ignored").content.decode()
    assert stored.event_id in listing and f"unknown account {account_id}" in listing
    # Connecting again: the per-shop idempotency key brings back the same account.
    assert connected(shop_a).account_id == account_id
    console.post(f"/console/connect-events/{stored.pk}/replay/")
    stored.refresh_from_db()
    assert (stored.status, stored.shop_id, stored.reason) == ("applied", shop_a.pk, "")
    assert handler == [shop_a.schema_name]


def test_a_replay_that_fails_says_why(
    connect_api, shop_a, client, console, monkeypatch, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, FAKE_TYPE, lambda *, event: None)
    stored = _stored(client, account.account_id, django_capture_on_commit_callbacks)

    def broken(*, event):
        raise ValueError("refund not found")

    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, FAKE_TYPE, broken)
    response = console.post(f"/console/connect-events/{stored.pk}/replay/", follow=True)
    assert "refund not found" in response.content.decode()
    stored.refresh_from_db()
    assert stored.status == "failed" and "refund not found" in stored.reason


def test_only_platform_staff_reach_connect_events(connect_api, shop_a, nobody, anonymous):
    stored = ConnectEvent.objects.create(
        event_id="evt_x",
        account="acct_x",
        type=FAKE_TYPE,
        created="2026-01-01T00:00:00Z",
        payload={"id": "evt_x"},
        status="ignored",
        reason="unknown account acct_x",
    )
    urls = [
        ("get", "/console/connect-events/"),
        ("get", f"/console/connect-events/{stored.pk}/replay/"),
        ("post", f"/console/connect-events/{stored.pk}/replay/"),
    ]
    for method, url in urls:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "/console/login/" in response["Location"]
    signed_in = PlatformClient()
    signed_in.force_login(nobody)
    for method, url in urls:
        assert getattr(signed_in, method)(url).status_code == 403
    stored.refresh_from_db()
    assert stored.attempts == 0
    # Not on a shop's host at all.
    assert anonymous.get("/console/connect-events/", HTTP_HOST="alpha.souk.test").status_code == 404


def _events(n, shop=None):
    start = ConnectEvent.objects.count()
    ConnectEvent.objects.bulk_create(
        ConnectEvent(
            event_id=f"evt_{start + i}",
            account="acct_x",
            type=FAKE_TYPE,
            created="2026-01-01T00:00:00Z",
            payload={"id": f"evt_{i}"},
            shop=shop,
            status="ignored" if shop is None else "applied",
            applied_at=None if shop is None else "2026-01-01T00:00:01Z",
            reason="unknown account acct_x" if shop is None else "",
        )
        for i in range(n)
    )


def test_event_listings_cost_the_same_queries_whatever_their_length(
    db, shop_a, shop_b, console, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert console.get(url).status_code == 200
        return len(queries)

    _events(2, shop_a)
    _events(1)
    few = (count("/console/connect-events/"), count(f"/console/shops/{shop_a.pk}/"))
    _events(40, shop_b)
    _events(40)
    ShopEvent.objects.all().delete()
    many = (count("/console/connect-events/"), count(f"/console/shops/{shop_b.pk}/"))
    assert many == few
    with django_assert_max_num_queries(6):
        console.get("/console/connect-events/?status=ignored")
