"""The merchant's customer records: one per e-mail whatever its case, made by checkout
and registration, edited through services that audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from customers import services
from customers.models import Customer
from orders.services import order_cancel, order_refund
from tests.orders.conftest import paid_order, place


@pytest.fixture
def alpha(in_a):
    with in_a():
        yield


def test_the_database_refuses_a_second_record_for_the_same_email_in_another_case(alpha):
    Customer.objects.create(email="ada@example.com")
    with pytest.raises(IntegrityError, match="customer_email_ci_unique"), transaction.atomic():
        Customer.objects.create(email="ada@example.com")
    with pytest.raises(IntegrityError, match="customer_email_lower"), transaction.atomic():
        Customer.objects.create(email="Ada@Example.com")
    assert Customer.objects.count() == 1


def test_create_normalises_audits_and_refuses_duplicates(alpha):
    customer = services.customer_create(
        email="  Grace@Example.COM ",
        first_name=" Grace ",
        last_name="Hopper",
        tags="VIP,  wholesale  buyer, vip, ",
        accepts_marketing=True,
    )
    assert customer.email == "grace@example.com"
    assert customer.first_name == "Grace"
    assert customer.tags == ["VIP", "wholesale buyer"]
    assert customer.accepts_marketing_changed_at is not None
    assert ModelLogEntry.objects.for_instance(customer).get().action == "wagtail.create"
    with pytest.raises(ValidationError) as error:
        services.customer_create(email="GRACE@example.com")
    assert error.value.message_dict == {"email": ["A customer with this email already exists."]}
    with pytest.raises(ValidationError) as error:
        services.customer_create(email="not-an-email")
    assert "email" in error.value.message_dict
    assert Customer.objects.count() == 1


def test_update_writes_and_audits_only_what_changed(alpha):
    customer = services.customer_create(email="ada@example.com", note="Likes tea")
    services.customer_update(customer=customer, note="Likes tea", first_name="Ada")
    entry = ModelLogEntry.objects.for_instance(customer).filter(action="wagtail.edit").get()
    assert entry.data == {"fields": ["first_name"]}
    services.customer_update(customer=customer, note="Likes tea")  # nothing changed
    assert ModelLogEntry.objects.for_instance(customer).filter(action="wagtail.edit").count() == 1
    services.customer_create(email="grace@example.com")
    with pytest.raises(ValidationError) as error:
        services.customer_update(customer=customer, email="Grace@example.com")
    assert "email" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.customer_update(customer=customer, tags=["x" * 65])
    assert "tags" in error.value.message_dict
    customer.refresh_from_db()
    assert customer.email == "ada@example.com" and customer.tags == []


def test_consent_change_is_timestamped(alpha):
    customer = services.customer_create(email="ada@example.com")
    assert customer.accepts_marketing_changed_at is None
    customer = services.customer_update(customer=customer, accepts_marketing=True)
    assert customer.accepts_marketing and customer.accepts_marketing_changed_at is not None


def test_customer_for_order_finds_or_makes_one_record_per_email(alpha):
    first = services.customer_for_order(email="Ada@Example.com", name="Ada King Lovelace")
    again = services.customer_for_order(email="ada@example.com", name="Someone Else")
    assert first.pk == again.pk
    assert (again.first_name, again.last_name) == ("Ada", "King Lovelace")
    assert Customer.objects.count() == 1
    entry = ModelLogEntry.objects.for_instance(first).get()
    assert entry.data == {"source": "checkout"}


def test_registration_makes_or_links_the_record(alpha):
    guest = services.customer_for_order(email="ada@example.com", name="")
    user = services.customer_register(
        email="ADA@example.com", password="plum-orchard-47", first_name="Ada"
    )
    guest.refresh_from_db()
    assert guest.user_id == user.pk and guest.first_name == "Ada"
    other = services.customer_register(email="grace@example.com", password="plum-orchard-47")
    assert Customer.objects.get(email="grace@example.com").user_id == other.pk


def test_a_logged_in_order_links_the_account_only_when_the_email_is_its_own(alpha):
    from accounts.models import User

    ana = User.objects.create_user(email="ana@example.com", password="x-plum-orchard-47")
    other = services.customer_for_order(email="ana.work@example.com", user_id=ana.pk)
    assert other.user_id is None
    own = services.customer_for_order(email="ana@example.com", user_id=ana.pk)
    assert own.user_id == ana.pk


def test_figures_come_from_the_orders_of_the_email(alpha):
    customer = services.customer_create(email="ada@example.com")
    place(email="ada@example.com", lines=[(None, 1, "10.00")], shipping="0.00")  # pending
    paid = paid_order(email="ada@example.com", lines=[(None, 1, "20.00")], shipping="0.00")
    paid_order(email="grace@example.com", lines=[(None, 1, "99.00")], shipping="0.00")
    row = Customer.objects.with_stats().get(pk=customer.pk)
    assert row.orders_count == 2
    assert row.amount_spent == Decimal("24.00")  # 20 + 20 % tax; the pending order took nothing
    assert row.last_order_at == paid.placed_at
    order_cancel(order=paid, reason="Changed mind", restock=False, actor="test")
    order_refund(order=paid, amount=Decimal("4.00"), reason="Late", actor="test")
    assert Customer.objects.with_stats().get(pk=customer.pk).amount_spent == Decimal("20.00")
    empty = services.customer_create(email="new@example.com")
    row = Customer.objects.with_stats().get(pk=empty.pk)
    assert (row.orders_count, row.amount_spent, row.last_order_at) == (0, Decimal("0"), None)


def test_the_backfill_migration_makes_one_record_per_email_and_links_accounts(alpha):
    """Existing shops: the migration's SQL, run on orders and accounts already there."""
    import importlib

    from django.db import connection

    from accounts.models import User

    backfill = importlib.import_module("customers.migrations.0003_customer_records_backfill")
    place(email="ada@example.com", name="Ada King Lovelace")
    place(email="ADA@example.com", name="Ada Lovelace")
    place(email="grace@example.com", name="")
    ana = User.objects.create_user(email="ana@example.com", password="x", first_name="Ana")
    User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    assert not Customer.objects.exists()  # order_place and create_user make none
    with connection.cursor() as cursor:
        cursor.execute(backfill.FROM_ORDERS)
        cursor.execute(backfill.FROM_ACCOUNTS)
        cursor.execute(backfill.FROM_ORDERS)  # idempotent
    records = {c.email: c for c in Customer.objects.all()}
    assert set(records) == {"ada@example.com", "grace@example.com", "ana@example.com"}
    assert records["ada@example.com"].first_name == "Ada"
    assert records["grace@example.com"].first_name == ""
    assert records["ana@example.com"].user_id == ana.pk
