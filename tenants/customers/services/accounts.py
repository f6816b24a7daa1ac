"""Writes for shopper accounts: registration, guest-order linking, the address book.

Every service runs in the current shop's schema (the request's), so a customer and
everything they own exist only in that shop. Services raise ``ValidationError``
keyed by field, which forms show next to the field that caused it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from customers.models import Address
from customers.services.records import customer_for_account
from orders.models import Order

# Enough for anyone's homes, offices and gift recipients; stops a script from
# filling the table through one account.
MAX_ADDRESSES = 50

ADDRESS_FIELDS = frozenset(
    {
        "name",
        "company",
        "line1",
        "line2",
        "city",
        "region",
        "postal_code",
        "country",
        "phone",
        "is_default",
    }
)


def _duplicate_email() -> ValidationError:
    return ValidationError(
        {
            "email": ValidationError(
                _(
                    "An account with this email already exists. "
                    "Log in, or reset your password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        }
    )


@transaction.atomic
def customer_register(*, email: str, password: str, first_name: str = "", last_name: str = ""):
    """Create a shopper account.

    Guest orders placed with the same email are *not* attached here: the email is
    not proven yet (customers.order_claims e-mails a link that does it). The
    merchant's record for the e-mail is made or linked (``customer_for_account``).

    The account is never staff: shopper pages must not be a way into the shop
    admin. The password goes through Django's validators with the new user in hand,
    so "too similar to your email" is caught too. The duplicate check is
    case-insensitive, like the database constraint behind it; a race between two
    registrations ends in the same message, not a 500.
    """
    User = get_user_model()
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.error_list}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise _duplicate_email()
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=False,
        is_superuser=False,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise _duplicate_email() from None
    customer_for_account(user=user)
    return user


@transaction.atomic
def customer_password_change(*, customer, current_password: str, new_password: str):
    """Change a logged-in shopper's password, proving the current one first.

    The current password is asked for because a session left open on a shared
    computer must not be enough to take the account over. Staff accounts are refused:
    staff have no password in a shop (they enter by sign-on from the platform).
    The caller keeps the session alive with ``update_session_auth_hash``; every other
    session of the account ends, its hash no longer matching.
    """
    if customer.is_staff or customer.is_superuser:
        raise ValidationError(
            _("Staff have no password in a shop: they sign in with their Souk account.")
        )
    if not customer.check_password(current_password or ""):
        raise ValidationError({"current_password": _("That is not your current password.")})
    if new_password == current_password:
        raise ValidationError(
            {"new_password": _("Choose a password different from the current one.")}
        )
    try:
        validate_password(new_password, user=customer)
    except ValidationError as error:
        raise ValidationError({"new_password": error.error_list}) from None
    customer.set_password(new_password)
    customer.save(update_fields=["password"])
    return customer


@transaction.atomic
def customer_link_guest_orders(*, customer) -> int:
    """Attach guest orders placed with the customer's email to the account.

    Only orders with no customer are touched: an order that already belongs to an
    account never changes hands. Returns how many were linked. Call it only once
    the account has proven it owns the email (customers.order_claims).
    """
    if not customer.email:
        return 0
    return Order.objects.filter(customer__isnull=True, email__iexact=customer.email).update(
        customer=customer
    )


def _lock_address_book(customer) -> None:
    """Serialise address-book writes of one customer (default flag, the cap)."""
    get_user_model().objects.select_for_update().filter(pk=customer.pk).first()


def _clear_default(customer, *, keep_pk: int | None = None) -> None:
    Address.objects.filter(customer=customer, is_default=True).exclude(pk=keep_pk).update(
        is_default=False
    )


def _check_fields(changes: dict) -> None:
    unknown = set(changes) - ADDRESS_FIELDS
    if unknown:
        raise TypeError(f"Unknown address fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def address_create(*, customer, is_default: bool = False, **fields) -> Address:
    """Add an address; the first one a customer saves becomes the default."""
    _check_fields(fields)
    _lock_address_book(customer)
    existing = Address.objects.filter(customer=customer)
    if existing.count() >= MAX_ADDRESSES:
        raise ValidationError(
            _("You can save up to %(max)d addresses. Delete one you no longer use first.")
            % {"max": MAX_ADDRESSES},
            code="too_many_addresses",
        )
    address = Address(customer=customer, **fields)
    address.is_default = is_default or not existing.exists()
    address.full_clean(exclude=["customer"])
    if address.is_default:
        _clear_default(customer)
    address.save()
    return address


@transaction.atomic
def address_update(*, address: Address, **changes) -> Address:
    """Change an address. Unticking "default" on the default address is ignored:
    a customer with addresses always has one default, moved by picking another."""
    _check_fields(changes)
    _lock_address_book(address.customer)
    was_default = Address.objects.filter(pk=address.pk, is_default=True).exists()
    for field, value in changes.items():
        setattr(address, field, value)
    if was_default:
        address.is_default = True
    address.full_clean(exclude=["customer"])
    if address.is_default:
        _clear_default(address.customer, keep_pk=address.pk)
    address.save()
    return address


@transaction.atomic
def address_set_default(*, address: Address) -> Address:
    _lock_address_book(address.customer)
    _clear_default(address.customer, keep_pk=address.pk)
    Address.objects.filter(pk=address.pk).update(is_default=True)
    address.is_default = True
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; if it was the default, the newest remaining one takes over,
    so checkout can still prefill an address."""
    customer = address.customer
    _lock_address_book(customer)
    was_default = Address.objects.filter(pk=address.pk, is_default=True).exists()
    address.delete()
    if was_default:
        successor = Address.objects.of(customer).first()
        if successor is not None:
            Address.objects.filter(pk=successor.pk).update(is_default=True)
