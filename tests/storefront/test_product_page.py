"""The product page: data, 404s, JSON-LD, and the variant picker without JavaScript."""

import json
import re
from decimal import Decimal

import pytest

from tests.storefront import builders

pytestmark = pytest.mark.django_db


def _json_ld(response) -> dict:
    html = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def shirt(in_a):
    with in_a():
        shirt = builders.product(
            "Linen shirt",
            handle="linen-shirt",
            vendor="Acme",
            description="Cool in summer.",
            option_names=("Size", "Colour"),
            variants=[
                {"option1": "S", "option2": "White", "price": "40.00", "sku": "LS-S-W"},
                {
                    "option1": "M",
                    "option2": "White",
                    "price": "42.50",
                    "sku": "LS-M-W",
                    "compare_at_price": "55.00",
                },
                {"option1": "M", "option2": "Blue", "price": "44.00", "sku": "LS-M-B"},
            ],
        )
        # sku -> variant id, read now: after a request the connection is public again.
        shirt.ids = dict(shirt.variants.values_list("sku", "pk"))
        return shirt


def test_product_page_shows_title_price_and_first_variant(get, shirt):
    response = get("/products/linen-shirt/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Linen shirt" in html
    assert "$40.00" in html and "LS-S-W" in html
    assert 'name="variant_id"' in html
    variant_id = re.search(r'name="variant_id" value="(\d+)"', html).group(1)
    assert int(variant_id) == shirt.ids["LS-S-W"]


def test_canonical_link_ignores_the_chosen_variant(get, shirt):
    html = get("/products/linen-shirt/", variant="123").content.decode()
    assert '<link rel="canonical" href="http://alpha.souk.test/products/linen-shirt/">' in html


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_products_are_not_found(get, in_a, status):
    with in_a():
        builders.product("Hidden", handle="hidden", status=status)
    response = get("/products/hidden/")
    assert response.status_code == 404
    assert "Hidden" not in response.content.decode()


def test_unknown_handle_is_a_themed_404(get, shop_a):
    response = get("/products/no-such-thing/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "site-header" in html and "Alpha Goods" in html


def test_json_ld_has_one_offer_per_variant_in_the_shop_currency(get, shirt, shop_a):
    shop_a.__class__.objects.filter(pk=shop_a.pk).update(currency="EUR")
    from shops.routing import directory

    directory.invalidate()
    data = _json_ld(get("/products/linen-shirt/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Linen shirt"
    assert data["brand"] == {"@type": "Brand", "name": "Acme"}
    assert data["url"] == "http://alpha.souk.test/products/linen-shirt/"
    offers = {o["sku"]: o for o in data["offers"]}
    assert set(offers) == {"LS-S-W", "LS-M-W", "LS-M-B"}
    assert offers["LS-M-W"]["price"] == "42.50"
    assert Decimal(offers["LS-M-B"]["price"]) == Decimal("44.00")
    assert {o["priceCurrency"] for o in data["offers"]} == {"EUR"}
    assert {o["availability"] for o in data["offers"]} == {"https://schema.org/InStock"}
    assert all(o["@type"] == "Offer" for o in data["offers"])


def test_json_ld_cannot_be_broken_out_of(get, in_a):
    with in_a():
        builders.product("</script><script>alert(1)</script>", handle="evil")
    response = get("/products/evil/")
    assert "<script>alert(1)" not in response.content.decode()
    assert _json_ld(response)["name"] == "</script><script>alert(1)</script>"


def test_picker_has_a_labelled_select_per_option_and_works_without_js(get, shirt):
    html = get("/products/linen-shirt/").content.decode()
    form = re.search(r'<form class="variant-picker" method="get".*?</form>', html, re.S).group(0)
    for field, name in (("option1", "Size"), ("option2", "Colour")):
        assert re.search(rf'<label for="picker-{field}">{name}:?</label>', form)
        assert re.search(rf'<select name="{field}" id="picker-{field}"', form)
    assert 'type="submit"' in form


def test_submitting_options_selects_that_variant(get, shirt):
    html = get("/products/linen-shirt/", option1="M", option2="Blue").content.decode()
    assert "$44.00" in html and "LS-M-B" in html
    assert f'name="variant_id" value="{shirt.ids["LS-M-B"]}"' in html
    # The selects show the chosen values.
    assert '<option value="M" selected>' in html and '<option value="Blue" selected>' in html


def test_variant_param_selects_that_variant_with_compare_at_price(get, shirt):
    medium = shirt.ids["LS-M-W"]
    html = get("/products/linen-shirt/", variant=str(medium)).content.decode()
    assert "$42.50" in html and "$55.00" in html and "LS-M-W" in html
    assert f'name="variant_id" value="{medium}"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"option1": "XXL"},
        {"option1": "S", "option2": "Blue"},
        {"variant": "not-a-number"},
        {"variant": "999999999"},
        {"variant": "1\x00"},
        {"option1": "\x00"},
    ],
)
def test_impossible_choices_fall_back_to_the_first_variant_with_a_message(get, shirt, params):
    response = get("/products/linen-shirt/", **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "That combination is not available" in html
    assert "$40.00" in html


def test_another_products_variant_id_is_not_used(get, shirt, in_a):
    with in_a():
        other = builders.product("Other", variants=[{"price": "1.00", "sku": "OTHER"}])
        other_id = other.variants.get().pk
    html = get("/products/linen-shirt/", variant=str(other_id)).content.decode()
    assert "OTHER" not in html and "$40.00" in html


def test_image_alt_text_falls_back_to_the_title(get, in_a):
    with in_a():
        p = builders.product("Teapot", handle="teapot")
        builders.image(p, alt_text="A blue teapot", position=0)
        builders.image(p, position=1)
    html = get("/products/teapot/").content.decode()
    assert 'alt="A blue teapot"' in html and 'alt="Teapot"' in html
    data = _json_ld(get("/products/teapot/"))
    assert len(data["image"]) == 2 and all(
        u.startswith("http://alpha.souk.test/") for u in data["image"]
    )


def test_product_without_image_shows_a_placeholder(get, shirt):
    assert "image-placeholder" in get("/products/linen-shirt/").content.decode()


def test_product_without_variants_renders_without_a_cart_form(get, in_a):
    with in_a():
        builders.product("Coming soon", handle="soon", variants=[])
    response = get("/products/soon/")
    assert response.status_code == 200
    assert "add-to-cart" not in response.content.decode()
    assert "offers" not in _json_ld(response)
