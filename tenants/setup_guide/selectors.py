"""The setup guide's steps, each read from the shop's real state.

A step is done when the shop's data says so — a product exists, a theme was chosen
in the admin (the shop's own ``themes.ThemeSettings``, not the public ``Shop.theme``
it started with), an order was placed, a custom domain is connected, Stripe takes
charges — or, for the defaults a new shop starts with (shipping zones, taxes, test
mode), when the merchant changed them in the admin or said they are right
(``setup_guide.services``). Each step links to the page that completes it.

The panel costs a fixed number of small queries (one per question, none per row):
``tests/setup_guide/test_panel.py`` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from catalog.selectors import has_products
from connect.models import ConnectedAccount
from kernel.countries import country_name
from orders.models import Order
from setup_guide.models import SetupGuide
from shipping.models import ShippingRate, ShippingZone
from shops.models import Domain
from taxes.models import TaxRate, TaxSettings
from themes.models import ThemeSettings


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str
    link_label: str
    help: str = ""
    warning: str = ""
    # A step the merchant ticks by saying "this is right" (setup_guide.services).
    reviewable: bool = False
    review_label: str = ""


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def guide_for_shop() -> SetupGuide | None:
    return SetupGuide.objects.first()


def _edited_by_merchant(*models) -> set[type]:
    """Which of ``models`` a staff user has changed in the admin (Wagtail's audit log:
    the defaults made at provisioning have no user)."""
    types = ContentType.objects.get_for_models(*models)
    by_id = {ct.pk: model for model, ct in types.items()}
    edited = (
        ModelLogEntry.objects.filter(content_type_id__in=by_id, user_id__isnull=False)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    return {by_id[pk] for pk in edited}


def _shipping_help() -> tuple[str, str]:
    zones = list(ShippingZone.objects.order_by("rest_of_world", "name")[:4])
    if not zones:
        return "", _("Your shop ships nowhere: checkout refuses every address.")
    names = ", ".join(z.name for z in zones[:3])
    return _("Zones: %(names)s. Check the places you ship to and the rates.") % {"names": names}, ""


def _taxes_help() -> tuple[str, str]:
    rates = list(TaxRate.objects.order_by("country", "region")[:3])
    included = TaxSettings.objects.values_list("prices_include_tax", flat=True).first()
    if not rates:
        return "", _(
            "No tax is configured: orders are charged no tax. Add a rate for each country "
            "where you must collect tax."
        )
    shown = ", ".join(f"{r.name} {r.rate_percent}% ({country_name(r.country)})" for r in rates)
    if included:
        return _("%(rates)s; your prices include tax.") % {"rates": shown}, ""
    return _("%(rates)s; tax is added to your prices.") % {"rates": shown}, ""


def setup_steps(*, shop, guide: SetupGuide | None = None) -> list[Step]:
    """The steps in the order a new merchant takes them."""
    guide = guide if guide is not None else guide_for_shop()
    edited = _edited_by_merchant(ShippingZone, ShippingRate, TaxRate, TaxSettings)
    shipping_help, shipping_warning = _shipping_help()
    taxes_help, taxes_warning = _taxes_help()
    stripe_ready = ConnectedAccount.objects.filter(shop_id=shop.pk).charges_enabled().exists()
    suffix = f".{settings.PLATFORM_DOMAIN}"
    custom_domain = Domain.objects.filter(tenant_id=shop.pk).exclude(domain__endswith=suffix)
    product_added = has_products()
    return [
        Step(
            "product",
            _("Add a product"),
            product_added,
            _url("catalog_products:list" if product_added else "catalog_products:add"),
            _("Add a product"),
            _("It shows on your home page as soon as it is active."),
        ),
        Step(
            "theme",
            _("Choose a theme"),
            ThemeSettings.objects.active().exists(),
            _url("themes_admin:index"),
            _("Choose a theme"),
            _("Pick a look for your shop and make it yours: colours, fonts, logo."),
        ),
        Step(
            "shipping",
            _("Review shipping"),
            bool(guide and guide.shipping_reviewed_at)
            or bool({ShippingZone, ShippingRate} & edited),
            _url("shipping_zones:list"),
            _("Review shipping"),
            shipping_help,
            shipping_warning,
            reviewable=True,
            review_label=_("Shipping looks right"),
        ),
        Step(
            "taxes",
            _("Review taxes"),
            bool(guide and guide.taxes_reviewed_at) or bool({TaxRate, TaxSettings} & edited),
            _url("taxes_rates:list"),
            _("Review taxes"),
            taxes_help,
            taxes_warning,
            reviewable=True,
            review_label=_("Taxes look right"),
        ),
        Step(
            "payments",
            _("Set up payments"),
            stripe_ready or bool(guide and guide.test_mode_understood_at),
            _url("connect_admin:index"),
            _("Connect Stripe"),
            _(
                "Until you connect Stripe your shop is in test mode: orders are taken with "
                "test cards and no money moves."
            ),
            reviewable=not stripe_ready,
            review_label=_("I understand test mode"),
        ),
        Step(
            "domain",
            _("Connect a domain"),
            custom_domain.exists(),
            _url("shop_domains:index"),
            _("Connect a domain"),
            _("Your shop answers on %(host)s.") % {"host": f"{shop.subdomain}{suffix}"},
        ),
        Step(
            "test_order",
            _("Place a test order"),
            Order.objects.exists(),
            "/",
            _("Open your shop"),
            _("Buy something from your storefront to see what your customers will see."),
        ),
    ]
