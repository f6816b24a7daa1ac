"""``shipping_rates`` and ``shipping_quote``: which rates apply, at what price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shipping.selectors import shipping_quote, shipping_rates, unshippable_message
from shipping.services import shipping_zone_create
from shipping.types import ShippingQuote

D = Decimal


@pytest.fixture
def europe(alpha):
    return shipping_zone_create(
        name="Europe",
        countries=["FR", "DE"],
        rates=[
            {"name": "Express", "kind": "flat", "price": "15.00"},
            {"name": "Standard", "kind": "free_over", "price": "5.00", "min_subtotal": "50.00"},
            {
                "name": "Light parcel",
                "kind": "by_weight",
                "price": "3.00",
                "min_weight_grams": 0,
                "max_weight_grams": 1000,
            },
            {
                "name": "Heavy parcel",
                "kind": "by_weight",
                "price": "9.00",
                "min_weight_grams": 1001,
            },
        ],
    )


def _rates(subtotal="10.00", weight=500, country="FR", **kwargs):
    quotes = shipping_rates(country=country, subtotal=D(subtotal), weight_grams=weight, **kwargs)
    return [(q.name, q.price) for q in quotes]


def test_cheapest_first(europe):
    assert _rates() == [
        ("Light parcel", D("3.00")),
        ("Standard", D("5.00")),
        ("Express", D("15.00")),
    ]
    assert all(
        isinstance(q, ShippingQuote)
        for q in shipping_rates(country="FR", subtotal=D(1), weight_grams=1)
    )


def test_free_over_is_free_exactly_at_the_threshold(europe):
    assert ("Standard", D("5.00")) in _rates(subtotal="49.99")
    assert ("Standard", D("0.00")) in _rates(subtotal="50.00")
    assert _rates(subtotal="50.00")[0] == ("Standard", D("0.00"))


@pytest.mark.parametrize(
    ("weight", "parcel"),
    [
        (0, "Light parcel"),
        (1000, "Light parcel"),
        (1001, "Heavy parcel"),
        (250_000, "Heavy parcel"),
    ],
)
def test_by_weight_ranges_include_both_ends(europe, weight, parcel):
    names = [name for name, _ in _rates(weight=weight)]
    assert parcel in names
    assert len({"Light parcel", "Heavy parcel"} & set(names)) == 1


def test_country_case_and_spaces_do_not_matter(europe):
    assert _rates(country=" de ") == _rates(country="FR")


def test_no_zone_means_no_rates(europe):
    assert _rates(country="US") == []
    assert unshippable_message("us") == "We don’t ship to United States."


def test_nothing_to_ship_needs_no_rate(europe):
    assert _rates(requires_shipping=False) == []


def test_negative_inputs_are_a_programming_error(europe):
    with pytest.raises(ValueError):
        shipping_rates(country="FR", subtotal=D("-1"), weight_grams=0)
    with pytest.raises(ValueError):
        shipping_rates(country="FR", subtotal=D("1"), weight_grams=-1)


def test_quote_revalidates_a_chosen_rate(europe):
    standard = europe.rates.get(name="Standard")
    light = europe.rates.get(name="Light parcel")
    quote = shipping_quote(rate_id=standard.pk, country="FR", subtotal=D(60), weight_grams=10)
    assert quote == ShippingQuote(rate_id=standard.pk, name="Standard", price=D("0.00"))
    assert shipping_quote(
        rate_id=standard.pk, country="FR", subtotal=D(10), weight_grams=10
    ).price == D("5.00")
    # The parcel got heavier, the address moved abroad, the rate was deleted.
    assert shipping_quote(rate_id=light.pk, country="FR", subtotal=D(10), weight_grams=2000) is None
    assert shipping_quote(rate_id=standard.pk, country="US", subtotal=D(10), weight_grams=1) is None
    standard.delete()
    assert shipping_quote(rate_id=standard.pk, country="FR", subtotal=D(10), weight_grams=1) is None


def test_rates_cost_one_query(europe, django_assert_num_queries):
    with django_assert_num_queries(1):
        shipping_rates(country="FR", subtotal=D(10), weight_grams=1)
