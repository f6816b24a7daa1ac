"""Sign-up: a platform account, its shop and the owner's membership, in one go.

``account_signup`` is what "Create my shop" calls. The shop comes from
``provisioning.services.shop_provision`` (a pool schema renamed, or a clone), inside the
same transaction as the membership, so a failure leaves no account, shop or
membership behind. Provisioning makes the owner's staff user linked to the
account by id and without a password: the owner enters by single sign-on.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import (
    invitation_for_token,
    invitation_problem,
    membership_create_owner,
    platform_url,
)
from billing.trials import subscription_trial_start
from kernel.schemas import public_schema
from provisioning.seats import invitation_accept
from provisioning.services import shop_provision

VERIFY_SALT = "souk.onboarding.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600
MAX_SHOP_NAME = 100


def shop_name_clean(value: str) -> str:
    """Text a merchant means as a name: NFC, no control or invisible formatting
    characters (bidi overrides, zero-width joiners used to spoof), spaces folded.
    HTML is kept as text — every template escapes it."""
    value = unicodedata.normalize("NFC", value or "")
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    value = " ".join(value.split())
    if not value:
        raise ValidationError({"shop_name": [_("Give your shop a name.")]})
    if len(value) > MAX_SHOP_NAME:
        raise ValidationError(
            {
                "shop_name": [
                    _("The name can be at most %(max)d characters.") % {"max": MAX_SHOP_NAME}
                ]
            }
        )
    return value


def email_clean(value: str) -> str:
    value = (value or "").strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    return value


def account_signup(
    *,
    email: str,
    password: str,
    shop_name: str,
    subdomain: str,
    country: str = "US",
    ip: str | None = None,
):
    """Create the account, the shop (with its trial) and the owner's membership.
    ``ip``: the client's address, counted by the limit on making shops."""
    email = email_clean(email)
    shop_name = shop_name_clean(shop_name)
    with public_schema():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": [_("An account already uses this address. Log in to add a shop.")]}
            )
        try:
            validate_password(password, User(email=email))
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        with transaction.atomic():
            shop = shop_provision(
                name=shop_name,
                subdomain=subdomain,
                owner_email=email,
                owner_password=password,
                country=country,
                ip=ip,
            )
            account = User.objects.get(email__iexact=email)
            membership_create_owner(account=account, shop=shop)
            subscription_trial_start(shop=shop)
            transaction.on_commit(lambda: verification_send(account=account))
    return account, shop


def account_create(*, email: str, password: str) -> User:
    """An account without a shop: for someone joining through an invitation."""
    email = email_clean(email)
    with public_schema(), transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": [_("An account already uses this address. Log in instead.")]}
            )
        try:
            validate_password(password, User(email=email))
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        account = User.objects.create_user(email=email, password=password)
        transaction.on_commit(lambda: verification_send(account=account))
    return account


def invitation_join(*, token: str, password: str) -> User:
    """A newcomer accepts an invitation: the account is made for the invited
    address and joins the shop, or nothing is written."""
    invitation = invitation_for_token(token)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    with public_schema(), transaction.atomic():
        account = account_create(email=invitation.email, password=password)
        invitation_accept(token=token, account=account)
    return account


def shop_create_for_account(
    *, account, shop_name: str, subdomain: str, country: str = "US", ip: str | None = None
):
    """Another shop for a logged-in account (no password: they enter by sign-on)."""
    shop_name = shop_name_clean(shop_name)
    with public_schema(), transaction.atomic():
        shop = shop_provision(
            name=shop_name,
            subdomain=subdomain,
            owner_email=account.email,
            country=country,
            ip=ip,
        )
        membership_create_owner(account=account, shop=shop)
        subscription_trial_start(shop=shop)
    return shop


def verification_send(*, account) -> None:
    token = signing.dumps({"a": account.pk, "e": account.email}, salt=VERIFY_SALT)
    link = platform_url("onboarding:verify_email", token)
    send_mail(
        _("Confirm your e-mail address for Souk"),
        _("Welcome to Souk. Confirm your address with this link (valid 3 days):\n%(link)s\n")
        % {"link": link},
        None,
        [account.email],
    )


def email_verify(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired. Log in to get a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    with public_schema(), transaction.atomic():
        account = User.objects.select_for_update().filter(pk=data.get("a")).first()
        # The address in the link must still be the account's: a link for an old
        # address verifies nothing.
        if account is None or account.email != data.get("e"):
            raise ValidationError(_("This link is not valid."))
        if account.email_verified_at is None:
            account.email_verified_at = timezone.now()
            account.save(update_fields=["email_verified_at"])
    return account
