"""Writes of the merchant's customer records: create, edit, and the record per e-mail
that checkout and registration make sure of.

Every write is audited in the shop's own log (Wagtail's ``ModelLogEntry``), which the
customer page shows as its timeline beside the orders' events. E-mails are stored
lowercased (the table's check constraint insists), so one person is one record
whatever case they type.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from customers.models import TAG_MAX_LENGTH, Customer

# More tags than anyone reads on a customer page; stops a paste from filling a row.
MAX_TAGS = 50

EDITABLE_FIELDS = frozenset(
    {"email", "first_name", "last_name", "phone", "accepts_marketing", "note", "tags"}
)
_LIMITS = {"first_name": 150, "last_name": 150, "phone": 40}


def email_clean(email: str) -> str:
    """``email`` stripped and lowercased, or ``ValidationError`` on ``email``."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter an email address.")})
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address, like name@example.com.")}
        ) from None
    return email


def tags_clean(tags: Iterable[str] | str) -> list[str]:
    """Tags from a list or a comma-separated string: trimmed, inner spaces collapsed,
    the first spelling kept of tags that differ only by case."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                {"tags": _("A tag has at most %(n)d characters.") % {"n": TAG_MAX_LENGTH}}
            )
        seen.add(tag.casefold())
        cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("A customer has at most %(n)d tags.") % {"n": MAX_TAGS}})
    return cleaned


def _duplicate() -> ValidationError:
    return ValidationError({"email": _("A customer with this email already exists.")})


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown customer fields: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    if "email" in cleaned:
        cleaned["email"] = email_clean(cleaned["email"])
    if "tags" in cleaned:
        cleaned["tags"] = tags_clean(cleaned["tags"])
    for name, limit in _LIMITS.items():
        if name in cleaned:
            cleaned[name] = " ".join(str(cleaned[name] or "").split())
            if len(cleaned[name]) > limit:
                raise ValidationError({name: _("At most %(n)d characters, please.") % {"n": limit}})
    if "note" in cleaned:
        cleaned["note"] = (cleaned["note"] or "").strip()
    if "accepts_marketing" in cleaned:
        cleaned["accepts_marketing"] = bool(cleaned["accepts_marketing"])
    return cleaned


def _account_for(email: str):
    """The shopper account with this e-mail, if any and not yet linked to a record.

    Staff users are never customers' accounts: the admin's people are not shoppers."""
    return (
        get_user_model()
        .objects.filter(email__iexact=email, is_staff=False, customer_record__isnull=True)
        .first()
    )


def _save_new(customer: Customer) -> Customer:
    """Insert, turning the unique e-mail constraint into the field's message."""
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        raise _duplicate() from None
    return customer


@transaction.atomic
def customer_create(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    accepts_marketing: bool = False,
    note: str = "",
    tags: Iterable[str] | str = (),
    user=None,
) -> Customer:
    """The merchant adds a customer (a phone order, a list from a fair).

    ``user``: the staff user who acted, for the audit log. A shopper account with the
    same e-mail is linked."""
    fields = _clean_fields(
        {
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "phone": phone,
            "accepts_marketing": accepts_marketing,
            "note": note,
            "tags": tags,
        }
    )
    if Customer.objects.filter(email=fields["email"]).exists():
        raise _duplicate()
    customer = Customer(**fields, user=_account_for(fields["email"]))
    if customer.accepts_marketing:
        customer.accepts_marketing_changed_at = timezone.now()
    _save_new(customer)
    log(instance=customer, action="wagtail.create", user=user)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, user=None, **changes) -> Customer:
    """Edit a customer; only what changed is written and audited.

    Changing the e-mail changes which orders are the customer's (they are matched by
    e-mail), so it is refused when another record has that e-mail."""
    changes = _clean_fields(changes)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    changed = sorted(name for name, value in changes.items() if getattr(customer, name) != value)
    if not changed:
        return customer
    if "email" in changed and (
        Customer.objects.filter(email=changes["email"]).exclude(pk=customer.pk).exists()
    ):
        raise _duplicate()
    for name in changed:
        setattr(customer, name, changes[name])
    update_fields = [*changed, "updated_at"]
    if "accepts_marketing" in changed:
        customer.accepts_marketing_changed_at = timezone.now()
        update_fields.append("accepts_marketing_changed_at")
    try:
        with transaction.atomic():
            customer.save(update_fields=update_fields)
    except IntegrityError:
        raise _duplicate() from None
    log(instance=customer, action="wagtail.edit", user=user, data={"fields": changed})
    return customer


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = " ".join((name or "").split()).partition(" ")
    return first[:150], last[:150]


@transaction.atomic
def customer_for_order(
    *, email: str, name: str = "", user_id: int | None = None, source: str = "checkout"
) -> Customer:
    """The record of whoever placed an order with ``email``: found, or made.

    Checkout calls it in the transaction that places the order, so a guest's e-mail
    gets its record with its first order, and the two commit or roll back together.
    Two checkouts of a new e-mail racing end with one record: the loser's insert
    hits the unique constraint inside a savepoint and reads the winner's row.
    ``name`` (the shipping name) fills an empty name; ``user_id`` (the shopper's
    account, when logged in) is linked when its e-mail is the order's. ``source``
    says in the audit log what made the record.
    """
    email = email_clean(email)
    customer = Customer.objects.select_for_update().filter(email=email).first()
    if customer is None:
        first_name, last_name = _split_name(name)
        customer = Customer(email=email, first_name=first_name, last_name=last_name)
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:
            customer = Customer.objects.select_for_update().get(email=email)
        else:
            log(instance=customer, action="wagtail.create", user=None, data={"source": source})
    elif name and not (customer.first_name or customer.last_name):
        customer.first_name, customer.last_name = _split_name(name)
        customer.save(update_fields=["first_name", "last_name", "updated_at"])
    if user_id is not None and customer.user_id is None:
        account = _account_for(email)
        if account is not None and account.pk == user_id:
            customer.user = account
            customer.save(update_fields=["user", "updated_at"])
    return customer


@transaction.atomic
def customer_for_account(*, user) -> Customer:
    """The record of a shopper who just registered: linked, made if new.

    Linking the account to a guest's existing record shows the merchant one person;
    it gives the shopper nothing (their orders join the account only through
    ``customers.order_claims``)."""
    customer = customer_for_order(email=user.email, source="registration")
    changed = []
    if customer.user_id is None and _account_for(customer.email) == user:
        customer.user = user
        changed.append("user")
    if not (customer.first_name or customer.last_name) and (user.first_name or user.last_name):
        customer.first_name, customer.last_name = user.first_name, user.last_name
        changed += ["first_name", "last_name"]
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer
