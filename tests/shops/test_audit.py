"""Every audit entry goes through ``shop_event_record``: a known action, the account
that acted as a foreign key beside the name it had."""

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from shops.audit import shop_event_record
from shops.models import ShopEvent


def test_an_entry_keeps_the_account_and_its_name(shop_a):
    admin = User.objects.create_user(email="ops@example.com")
    event = shop_event_record(
        shop=shop_a, action=ShopEvent.Action.SUSPENDED, actor=admin, reason="chargeback"
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.subdomain) == (admin, admin.email, "alpha")
    assert event.detail == {"reason": "chargeback"}


def test_a_shops_staff_user_stands_for_its_platform_account(shop_a):
    account = User.objects.create_user(email="owner2@example.com")
    with schema_context(shop_a.schema_name):
        staff = User.objects.create(email="staff@example.com", platform_account_id=account.pk)
        event = shop_event_record(
            shop=shop_a, action=ShopEvent.Action.DOMAIN_ADDED, actor=staff, domain="a.example"
        )
    assert event.actor_id == account.pk and event.actor_name == "staff@example.com"
    assert ShopEvent.objects.get(pk=event.pk).actor == account


def test_a_system_actor_has_a_name_and_no_account(shop_a):
    event = shop_event_record(
        shop=shop_a, action=ShopEvent.Action.BILLING_STATUS, actor_name="billing"
    )
    assert (event.actor_id, event.actor_name) == (None, "billing")


def test_an_action_outside_the_enumeration_is_refused(shop_a):
    with pytest.raises(ValueError):
        shop_event_record(shop=shop_a, action="payments.something_new")
    assert not ShopEvent.objects.filter(action="payments.something_new").exists()
