"""Everything a new shop needs to sell the minute sign-up returns, in its own schema.

Provisioning (``shops.services``, a platform app) reaches the shop apps through this
one function (the named seam in ``.importlinter``). It writes through each app's
services, so a default is made exactly as the merchant would make it by hand:

- the storefront: a published home page showing a hero and the shop's newest
  products (a product grid that names none), and the Wagtail Site;
- the policy pages (refund, privacy, terms: ``cms.legal``), linked from the footer
  menu, and a header menu that top-level pages join when published
  (``cms.services.menu_page_join``);
- a domestic shipping zone and a "rest of world" zone, each with a flat rate in
  the shop's currency (``shipping.services.shipping_defaults_create``);
- the country's standard tax rate, where it has one (``taxes.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.legal import LEGAL_PAGES, legal_body
from cms.models import StandardPage
from cms.services import navigation_settings_update, site_create
from shipping.services import shipping_defaults_create
from taxes.services import tax_defaults_apply


def _path(name: str) -> str:
    """A storefront path; provisioning runs under the platform's URLconf."""
    return reverse(name, urlconf=settings.ROOT_URLCONF)


def _block(kind: str, value: dict) -> dict:
    """A block in StreamField's stored (raw JSON) form."""
    return {"type": kind, "value": value}


def _home_body(name: str) -> list[dict]:
    return [
        _block(
            "hero",
            {
                "image": None,
                "heading": name,
                "text": _("Welcome to our shop."),
                "button_text": _("Shop all"),
                "button_link": _link(url=_path("storefront:collection_all")),
                "alignment": "center",
            },
        ),
        _block(
            "product_grid",
            {
                "heading": _("Our products"),
                "products": [],
                "collection": None,
                "count": 8,
                "columns": "4",
            },
        ),
    ]


def _legal_pages_create(home, *, shop_name: str) -> list[StandardPage]:
    now = timezone.now()
    pages = []
    for legal in LEGAL_PAGES:
        page = StandardPage(
            title=str(legal.title),
            slug=legal.slug,
            body=[_block("rich_text", legal_body(legal, shop_name=shop_name))],
            live=True,
            show_in_menus=False,
            first_published_at=now,
            last_published_at=now,
        )
        home.add_child(instance=page)
        pages.append(page)
    return pages


def _link(**target) -> dict:
    return {"label": "", "page": None, "collection": None, "product": None, "url": "", **target}


def _menus_create(site: Site, legal_pages: list[StandardPage]) -> None:
    shop_links = [
        _link(label=_("Shop all"), url=_path("storefront:collection_all")),
        _link(label=_("Search"), url=_path("storefront:search")),
        _link(label=_("Your account"), url=_path("customers:overview")),
        _link(label=_("Cart"), url=_path("cart:detail")),
    ]
    navigation_settings_update(
        site=site,
        header_menu=[
            _block("item", {**_link(label=_("Shop all"), url=_path("storefront:collection_all"))})
        ],
        footer_menu=[
            _block("item", {**_link(label=_("Shop")), "children": shop_links}),
            _block(
                "item",
                {
                    **_link(label=_("Policies")),
                    "children": [_link(page=page.pk) for page in legal_pages],
                },
            ),
        ],
    )


def shop_storefront_setup(*, name: str, hostname: str, country: str, currency: str) -> Site:
    """Run inside the new shop's schema, in provisioning's transaction."""
    site = site_create(name=name, hostname=hostname, body=_home_body(name))
    legal_pages = _legal_pages_create(site.root_page, shop_name=name)
    _menus_create(site, legal_pages)
    shipping_defaults_create(country=country, currency=currency)
    tax_defaults_apply(country=country)
    return site
