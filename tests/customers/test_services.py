"""Registration, guest-order linking and the address book, at the service level."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from customers import services
from customers.models import Address
from tests.customers.conftest import PASSWORD, make_order

pytestmark = pytest.mark.django_db

HOME = {
    "name": "Ana Lima",
    "line1": "1 Rue de la Paix",
    "city": "Paris",
    "postal_code": "75002",
    "country": "FR",
}


def test_register_creates_a_shopper_with_no_admin_access(in_a):
    with in_a():
        user = services.customer_register(
            email="  New.Shopper@Example.COM ", password=PASSWORD, first_name="New"
        )
        user.refresh_from_db()
    assert user.email == "new.shopper@example.com"
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert user.first_name == "New"


def test_register_refuses_a_taken_email_whatever_its_case(in_a, customer):
    with in_a(), pytest.raises(ValidationError) as caught:
        services.customer_register(email="ANA@example.com", password=PASSWORD)
    assert "already exists" in caught.value.message_dict["email"][0]
    with in_a():
        assert User.objects.filter(email__iexact="ana@example.com").count() == 1


@pytest.mark.parametrize(
    "password, expected",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83749261538", "entirely numeric"),
        ("weak.shopper@example.com", "too similar"),
    ],
)
def test_register_runs_djangos_password_validators(in_a, password, expected):
    with in_a(), pytest.raises(ValidationError) as caught:
        services.customer_register(email="weak.shopper@example.com", password=password)
    assert any(expected in m for m in caught.value.message_dict["password"])
    with in_a():
        assert not User.objects.filter(email="weak.shopper@example.com").exists()


def test_register_refuses_a_malformed_email(in_a):
    with in_a(), pytest.raises(ValidationError) as caught:
        services.customer_register(email="not-an-email", password=PASSWORD)
    assert "email" in caught.value.message_dict


def test_register_does_not_link_guest_orders_before_the_email_is_proven(in_a):
    """Whoever registers an email first must not see orders placed with it."""
    with in_a():
        guest = make_order(email="buyer@example.com")
        services.customer_register(email="buyer@example.com", password=PASSWORD)
        guest.refresh_from_db()
    assert guest.customer_id is None


def test_linking_attaches_guest_orders_with_the_same_email(in_a):
    with in_a():
        guest_1 = make_order(email="Buyer@Example.com")
        guest_2 = make_order(email="buyer@example.com")
        other = make_order(email="someone@example.com")
        user = services.customer_register(email="buyer@example.com", password=PASSWORD)
        assert services.customer_link_guest_orders(customer=user) == 2
        for order in (guest_1, guest_2, other):
            order.refresh_from_db()
    assert guest_1.customer_id == user.pk
    assert guest_2.customer_id == user.pk
    assert other.customer_id is None


def test_linking_never_takes_an_order_from_another_account(in_a, customer):
    with in_a():
        owner = User.objects.create_user(email="owner2@example.com", password=PASSWORD)
        theirs = make_order(email="ana@example.com", customer=owner)
        guest = make_order(email="ana@example.com")
        assert services.customer_link_guest_orders(customer=customer) == 1
        theirs.refresh_from_db()
        guest.refresh_from_db()
    assert theirs.customer_id == owner.pk
    assert guest.customer_id == customer.pk


def test_first_address_becomes_the_default(in_a, customer):
    with in_a():
        first = services.address_create(customer=customer, **HOME)
        second = services.address_create(customer=customer, **{**HOME, "city": "Lyon"})
    assert first.is_default
    assert not second.is_default


def test_a_new_default_moves_the_flag(in_a, customer):
    with in_a():
        first = services.address_create(customer=customer, **HOME)
        second = services.address_create(customer=customer, is_default=True, **HOME)
        first.refresh_from_db()
        assert list(Address.objects.filter(customer=customer, is_default=True)) == [second]
        services.address_set_default(address=first)
        assert list(Address.objects.filter(customer=customer, is_default=True)) == [first]


def test_the_database_allows_one_default_per_customer(in_a, customer):
    with in_a():
        services.address_create(customer=customer, **HOME)
        with pytest.raises(IntegrityError), transaction.atomic():
            Address.objects.create(customer=customer, is_default=True, **HOME)


def test_deleting_the_default_promotes_the_newest_other(in_a, customer):
    with in_a():
        default = services.address_create(customer=customer, **HOME)
        services.address_create(customer=customer, **{**HOME, "city": "Nice"})
        newest = services.address_create(customer=customer, **{**HOME, "city": "Lyon"})
        services.address_delete(address=default)
        newest.refresh_from_db()
    assert newest.is_default


def test_the_default_cannot_be_unticked_only_moved(in_a, customer):
    with in_a():
        default = services.address_create(customer=customer, **HOME)
        services.address_update(address=default, is_default=False, city="Lille")
        default.refresh_from_db()
    assert default.is_default and default.city == "Lille"


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"country": "XX"}, "country"),
        ({"line1": ""}, "line1"),
        ({"postal_code": "9" * 21}, "postal_code"),
    ],
)
def test_invalid_addresses_are_refused_and_nothing_is_saved(in_a, customer, bad, field):
    with in_a():
        with pytest.raises(ValidationError) as caught:
            services.address_create(customer=customer, **{**HOME, **bad})
        assert field in caught.value.message_dict
        assert not Address.objects.exists()


def test_an_update_with_bad_data_keeps_the_stored_address(in_a, customer):
    with in_a():
        address = services.address_create(customer=customer, **HOME)
        with pytest.raises(ValidationError):
            services.address_update(address=address, country="ZZ")
        address.refresh_from_db()
    assert address.country == "FR"


def test_the_address_book_has_a_cap(in_a, customer, monkeypatch):
    monkeypatch.setattr(services.accounts, "MAX_ADDRESSES", 2)
    with in_a():
        services.address_create(customer=customer, **HOME)
        services.address_create(customer=customer, **HOME)
        with pytest.raises(ValidationError, match="up to 2"):
            services.address_create(customer=customer, **HOME)
        assert Address.objects.count() == 2
