"""A new shop can sell at once: zones, tax, home page, policies and menus."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from provisioning.services import shop_provision


def _provision(subdomain, **kwargs):
    return shop_provision(
        name=subdomain.title(),
        subdomain=subdomain,
        owner_email=f"owner-{subdomain}@example.com",
        owner_password="correct-horse-9",
        **kwargs,
    )


def test_a_german_shop_sells_in_euros_with_vat_at_home_and_to_the_rest_of_the_world(db):
    from shipping.models import ShippingZone
    from shipping.selectors import shipping_rates
    from taxes.models import TaxRate, TaxSettings

    shop = _provision("kaffee", country="DE")
    assert (shop.country, shop.currency) == ("DE", "EUR")
    with schema_context(shop.schema_name):
        home, world = ShippingZone.objects.order_by("rest_of_world")
        assert (home.name, home.countries, home.rest_of_world) == ("Germany", ["DE"], False)
        assert (world.countries, world.rest_of_world) == ([], True)
        # Every country can check out: its own zone, or the rest of the world.
        for country, price in [("DE", Decimal("5.00")), ("JP", Decimal("15.00"))]:
            (quote,) = shipping_rates(country=country, subtotal=Decimal(20), weight_grams=100)
            assert quote.price == price
        rate = TaxRate.objects.get()
        assert (rate.country, rate.name, rate.rate) == ("DE", "MwSt.", Decimal("0.19"))
        assert TaxSettings.objects.get().prices_include_tax is True


def test_a_us_shop_has_no_tax_rate_and_says_so(db):
    from shipping.models import ShippingZone
    from taxes.models import TaxRate, TaxSettings

    shop = _provision("corner")
    assert (shop.country, shop.currency) == ("US", "USD")
    with schema_context(shop.schema_name):
        assert ShippingZone.objects.get(rest_of_world=False).countries == ["US"]
        assert not TaxRate.objects.exists()
        assert TaxSettings.objects.get().prices_include_tax is False


def test_an_unknown_country_is_refused_and_nothing_is_made(db):
    from shops.models import Shop

    with pytest.raises(ValidationError) as error:
        _provision("nowhere", country="XX")
    assert "country" in error.value.message_dict
    assert not Shop.objects.filter(subdomain="nowhere").exists()


def test_the_home_page_shows_a_hero_and_the_newest_products(shop_factory, client):
    from catalog.services import product_create
    from cms.models import HomePage

    shop = shop_factory("figs", name="Fig Tree")
    with schema_context(shop.schema_name):
        home = HomePage.objects.get()
        assert [block.block_type for block in home.body] == ["hero", "product_grid"]
        product_create(
            title="Dried figs", status="active", variants=[{"sku": "F1", "price": "6.50"}]
        )
        product_create(title="Fig jam", status="draft", variants=[{"sku": "F2", "price": "4"}])
    page = client.get("/", HTTP_HOST="figs.souk.test").content.decode()
    assert "<h1" in page and "Fig Tree" in page
    assert "Dried figs" in page and "Fig jam" not in page
    assert 'href="/collections/all/"' in page


def test_policy_pages_are_ordinary_pages_linked_from_the_footer(shop_factory, client):
    from cms.models import StandardPage

    shop = shop_factory("policies", name="Policy Shop")
    with schema_context(shop.schema_name):
        pages = StandardPage.objects.live().order_by("path")
        assert [p.slug for p in pages] == ["refund-policy", "privacy-policy", "terms-of-service"]
        assert not any(p.show_in_menus for p in pages)
    home = client.get("/", HTTP_HOST="policies.souk.test").content.decode()
    for path, title in [
        ("/refund-policy/", "Refund policy"),
        ("/privacy-policy/", "Privacy policy"),
        ("/terms-of-service/", "Terms of service"),
    ]:
        assert f'href="{path}">{title}</a>' in home
        page = client.get(path, HTTP_HOST="policies.souk.test")
        assert page.status_code == 200 and "Policy Shop" in page.content.decode()


def test_the_main_menu_starts_with_shop_all(shop_factory):
    from wagtail.models import Site

    from cms.models import NavigationSettings

    shop = shop_factory("menus")
    with schema_context(shop.schema_name):
        navigation = NavigationSettings.for_site(Site.objects.get())
        assert [(e.value.text, e.value.url) for e in navigation.header_menu] == [
            ("Shop all", "/collections/all/")
        ]
        assert [e.value.text for e in navigation.footer_menu] == ["Shop", "Policies"]


def test_provisioning_writes_are_audited_as_made_by_no_one(shop_factory):
    """The defaults are recorded like the merchant's writes, without a user: that is
    how the setup guide tells them apart from the merchant's own changes."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from shipping.models import ShippingZone

    shop = shop_factory("audited")
    with schema_context(shop.schema_name):
        zones = ContentType.objects.get_for_model(ShippingZone)
        created = ModelLogEntry.objects.filter(action="wagtail.create", content_type=zones)
        assert created.count() == 2
        assert not ModelLogEntry.objects.filter(user__isnull=False).exists()


def test_a_new_shop_e_mails_in_its_themes_colours_and_has_not_chosen_a_theme_yet(db):
    """Sign-up copies the theme's colours to the e-mail layout; the setup guide's
    "Choose a theme" stays open until the merchant activates or publishes one."""
    from notifications.sending import branding
    from setup_guide.selectors import setup_steps
    from themes.models import ThemeSettings

    shop = _provision("loud", theme="bold")
    with schema_context(shop.schema_name):
        look = branding()
        assert look.pk is not None  # a stored row, not the model's defaults
        assert (look.color_primary, look.color_accent) == ("#e11d48", "#facc15")
        assert not ThemeSettings.objects.exists()
        (step,) = [s for s in setup_steps(shop=shop) if s.key == "theme"]
        assert not step.done
