"""Customers as the merchant sees them, their segments, and shoppers' saved addresses.

Two things are called "customer" and they are kept apart on purpose:

- a shopper's *account* is an ``accounts.User`` of the shop's schema with ``is_staff``
  False (ARCHITECTURE.md, "Identity"): it logs in, keeps an address book, and orders
  placed while logged in point at it (``orders.Order.customer``);
- a ``Customer`` is the merchant's record of a person, one per e-mail address,
  guests included: name, phone, tags, notes, marketing consent. Checkout makes or
  finds it for every order (``customers.services.customer_for_order``); an account
  with the same e-mail is linked to it (``user``).

An account cannot be that record, because a guest's e-mail must not become an account
(whoever registered it first would see the guest's orders; ``customers.order_claims``).

A customer's orders are the orders placed with its e-mail (checkout stores e-mails
lowercased, and so does every service here, so the match is an indexed equality).
Their count, the amount spent and the last order are read from the orders by
``CustomerQuerySet.with_stats`` rather than copied onto the customer: every path that
changes an order (checkout, refunds, cancels, Stripe events, draft orders) then shows
up without having to call back into this app, which sits above ``orders``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.querysets import CustomerQuerySet
from kernel.countries import COUNTRY_CHOICES, COUNTRY_CODES

TAG_MAX_LENGTH = 64


def validate_country_code(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(_("Choose a country from the list."), code="invalid_country")


class AddressQuerySet(models.QuerySet):
    def of(self, customer) -> AddressQuerySet:
        """The default first, then the newest: the order the address book shows."""
        return self.filter(customer=customer).order_by("-is_default", "-created_at", "-pk")


class Address(models.Model):
    """One postal address in a customer's address book.

    The fields mirror ``orders.types.Address`` so checkout can copy a saved address
    into an order as it is. At most one address per customer is the default; the
    partial unique constraint keeps it so even when two requests race, and
    ``customers.services.address_set_default`` moves the flag inside one transaction.
    """

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="addresses",
        verbose_name=_("customer"),
    )
    name = models.CharField(_("full name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    line1 = models.CharField(_("address"), max_length=255)
    line2 = models.CharField(_("apartment, suite, etc."), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120)
    region = models.CharField(_("state / province / region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20)
    country = models.CharField(
        _("country"), max_length=2, choices=COUNTRY_CHOICES, validators=[validate_country_code]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(is_default=True),
                name="customers_address_one_default",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.name, self.line1, self.city, self.country) if p)


class Customer(models.Model):
    """The merchant's record of one person, keyed by e-mail (see the module docstring).

    The e-mail is stored lowercased and unique whatever its case (the two
    constraints), so checkout, the admin and registration can never make two records
    for ``Ada@x.com`` and ``ada@x.com``, even when they race.
    """

    email = models.EmailField(_("email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accepts_marketing = models.BooleanField(_("accepts email marketing"), default=False)
    # When consent last changed: what a data-protection request asks for.
    accepts_marketing_changed_at = models.DateTimeField(
        _("marketing consent changed at"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    tags = ArrayField(
        models.CharField(max_length=TAG_MAX_LENGTH),
        default=list,
        blank=True,
        verbose_name=_("tags"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer_record",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("customer since"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="customer_created"),
            GinIndex(fields=["tags"], name="customer_tags_gin"),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="customer_email_ci_unique"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="customer_email_lower"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class CustomerSegment(models.Model):
    """A saved filter of the customers list, by name ("VIPs", "No order for 90 days").

    ``filters`` holds the list's query parameters as the merchant chose them; they are
    read back through ``customers.forms.CustomerFilterForm``, so a segment always means
    what the same filter means on the list today, and a filter that no longer
    validates is simply ignored rather than failing the page.
    """

    name = models.CharField(_("name"), max_length=100)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="customer_segment_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name
