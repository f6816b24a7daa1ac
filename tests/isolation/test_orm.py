"""Through the ORM, one shop's schema never shows or changes another's rows."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from wagtail.models import Page, Site

from accounts.models import User


def test_rows_of_a_are_invisible_from_b(two_shops):
    with schema_context(two_shops["b"].schema_name):
        assert not Page.objects.filter(title="Alpha secret sale").exists()
        assert not Page.objects.filter(pk=two_shops["a_page_id"]).exists()
        assert not User.objects.filter(email="shopper@alpha.test").exists()
        assert Site.objects.get().hostname == "beta.souk.test"


def test_updates_and_deletes_from_b_do_not_touch_a(two_shops):
    a_id = two_shops["a_page_id"]
    with schema_context(two_shops["b"].schema_name):
        assert Page.objects.filter(pk=a_id).update(title="pwned") == 0
        assert User.objects.filter(email="shopper@alpha.test").delete()[0] == 0
        User.objects.all().update(first_name="B-only")
    with schema_context(two_shops["a"].schema_name):
        assert Page.objects.get(pk=a_id).title == "Alpha secret sale"
        assert not User.objects.filter(first_name="B-only").exists()


def test_schema_context_is_restored(two_shops):
    with schema_context(two_shops["a"].schema_name):
        with schema_context(two_shops["b"].schema_name):
            assert connection.schema_name == "shop_beta"
        assert connection.schema_name == "shop_alpha"
    assert connection.schema_name == "public"


def test_a_shop_schema_does_not_see_platform_accounts(two_shops):
    """Public accounts (platform logins) are a different table from a shop's users."""
    public_owner = two_shops["a"].owner
    with schema_context(two_shops["b"].schema_name):
        assert not User.objects.filter(email=public_owner.email).exists()


def test_deleting_a_shop_user_never_reaches_public_rows(two_shops):
    """A shop user whose id equals a platform owner's id deletes cleanly: the deletion
    collector must not follow Shop.owner (a public relation) from a shop's schema."""
    from shops.models import Shop

    owner_id = two_shops["a"].owner_id
    with schema_context(two_shops["b"].schema_name):
        User.objects.filter(pk=owner_id).delete()  # would raise ProtectedError with PROTECT
        User.objects.create(pk=owner_id, email="clash@beta.test")
        User.objects.get(pk=owner_id).delete()
    assert Shop.objects.filter(owner_id=owner_id).exists()


def test_a_platform_owner_cannot_be_deleted_while_owning_a_shop(two_shops):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's FKs are deferred
        User.objects.filter(pk=two_shops["a"].owner_id)._raw_delete(using="default")


def test_deleting_a_platform_account_ignores_shop_only_tables(db):
    """Wagtail's user profile table exists in shops only; deleting a platform account
    in the public schema must not look for it."""
    account = User.objects.create_user(email="leaving@example.com", password="x-pass-123")
    account.delete()
    User.objects.create_user(email="leaving2@example.com", password="x-pass-123")
    assert User.objects.filter(email__startswith="leaving").delete()[0] == 1


def test_deleting_a_platform_account_removes_its_admin_log_and_2fa_devices(db):
    """The Django admin is listed by its AppConfig path (console.apps) and the OTP
    apps by name: the collector follows both in public."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    account = User.objects.create_user(email="leaving@example.com", password="x-pass-123")
    TOTPDevice.objects.create(user=account, name="app", confirmed=True)
    StaticDevice.objects.create(user=account, name="codes", confirmed=True)
    LogEntry.objects.create(
        user=account,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(account.pk),
        object_repr="leaving",
        action_flag=ADDITION,
    )
    account.delete()
    assert not LogEntry.objects.exists()
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()


def test_deleting_a_shop_user_cascades_inside_the_shop(two_shops):
    """Inside a shop, the collector still follows the shop's own relations."""
    from wagtail.users.models import UserProfile

    with schema_context(two_shops["a"].schema_name):
        shopper = User.objects.get(email="shopper@alpha.test")
        UserProfile.get_for_user(shopper)
        shopper.delete()
        assert not UserProfile.objects.filter(user_id=shopper.pk).exists()
