"""Writes for account invites: sending one, and the customer accepting it.

Shops that move in from elsewhere (customers imported without passwords) and shops
that take phone orders invite customers to open an account; the customer chooses a
password through the e-mailed link, which also proves they own the e-mail, so their
guest orders join the new account at once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from customers.invites import has_active_account, invite_token
from customers.models import Customer
from customers.services.accounts import customer_link_guest_orders
from notifications.sending import notification_send
from shops.addresses import shop_url

# A double-clicked "Send invite" sends one e-mail; a merchant resending on purpose
# waits this long (seconds).
RESEND_AFTER = 60


def _already_active() -> ValidationError:
    return ValidationError(
        _("This customer already has an account. They can log in or reset their password."),
        code="account_active",
    )


@transaction.atomic
def customer_invite_send(*, customer: Customer, shop, user=None, message: str = "") -> None:
    """E-mail the customer a link to open their account (on commit), and log it.

    ``shop`` gives the link its primary domain (never the request's Host); ``user``
    is the staff user who acted, for the audit log; ``message`` is the merchant's
    optional note, shown above the link.
    """
    customer = Customer.objects.select_related("user").get(pk=customer.pk)
    if has_active_account(customer):
        raise _already_active()
    message = (message or "").strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("Keep the message under 1,000 characters.")})
    if not cache.add(f"customers:invite:{customer.pk}", 1, RESEND_AFTER):
        raise ValidationError(
            _("An invite was just sent to this customer. Wait a minute before sending another."),
            code="invite_recent",
        )
    url = shop_url(shop, reverse("customers:activate", args=[invite_token(customer=customer)]))
    context = {
        "customer_name": customer.first_name,
        "customer_email": customer.email,
        "invite_url": url,
        "message": message,
    }
    email = customer.email
    transaction.on_commit(
        lambda: notification_send(key="customer_invite", to=email, context=context)
    )
    log(instance=customer, action="customers.customer.invite", user=user)


@transaction.atomic
def customer_account_activate(*, customer: Customer, password: str):
    """The invited customer chooses a password: their account exists from now on.

    The account is made (or, if the e-mail had an account without a password, given
    one), linked to the record, and the guest orders with the e-mail join it — the
    link proved the e-mail. Returns the account, for the view to log in.
    """
    User = get_user_model()
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("user").get(pk=customer.pk)
    )
    if has_active_account(customer):
        raise _already_active()
    account = customer.user or (
        User.objects.filter(email__iexact=customer.email, is_staff=False, is_superuser=False)
        .select_for_update()
        .first()
    )
    if account is not None and account.has_usable_password():
        raise _already_active()
    if account is None:
        account = User(
            email=customer.email,
            first_name=customer.first_name,
            last_name=customer.last_name,
            is_staff=False,
            is_superuser=False,
        )
    if account.is_staff or account.is_superuser:
        raise _already_active()
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    account.set_password(password)
    account.is_active = True
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise _already_active() from None
    if customer.user_id != account.pk:
        customer.user = account
        customer.save(update_fields=["user", "updated_at"])
    customer_link_guest_orders(customer=account)
    log(instance=customer, action="customers.customer.activate", user=None)
    return account
