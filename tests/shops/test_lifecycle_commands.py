"""Suspend and reactivate: services, commands and the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from shops.models import Shop, ShopEvent
from shops.services import shop_reactivate, shop_suspend


def test_suspend_and_reactivate_commands(shop_a):
    call_command("suspend_shop", "alpha", "--reason", "chargeback")
    shop_a.refresh_from_db()
    assert shop_a.status == Shop.Status.SUSPENDED and shop_a.suspended_at
    assert ShopEvent.objects.get(shop=shop_a, action="suspended").detail == {"reason": "chargeback"}
    call_command("reactivate_shop", "alpha")
    shop_a.refresh_from_db()
    assert shop_a.status == Shop.Status.ACTIVE and shop_a.suspended_at is None


def test_suspending_twice_is_harmless(shop_a):
    shop_suspend(shop=shop_a)
    shop_suspend(shop=shop_a)
    assert ShopEvent.objects.filter(shop=shop_a, action="suspended").count() == 1


def test_closed_shop_cannot_be_suspended_or_reactivated(shop_a):
    Shop.objects.filter(pk=shop_a.pk).update(status="closed")
    with pytest.raises(ValidationError, match="Only an active shop"):
        shop_suspend(shop=shop_a)
    with pytest.raises(ValidationError, match="Only a suspended shop"):
        shop_reactivate(shop=shop_a)


def test_unknown_subdomain_in_commands(db):
    with pytest.raises(CommandError, match="No shop"):
        call_command("suspend_shop", "ghost")
    with pytest.raises(CommandError, match="No shop"):
        call_command("reactivate_shop", "ghost")
