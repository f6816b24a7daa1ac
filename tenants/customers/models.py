"""A shopper's saved addresses.

A customer is not a model of its own: it is an ``accounts.User`` of the shop's
schema with ``is_staff`` False (ARCHITECTURE.md, "Identity"). Orders point at the
same ``User`` (``orders.Order.customer``), so an account, its addresses and its
orders all live in the one schema and disappear with the shop.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.countries import COUNTRY_CHOICES, COUNTRY_CODES


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
