"""Collections: manual order, automatic rules (all/any, price), refused rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Collection, CollectionRule
from catalog.selectors import collection_products
from catalog.services import (
    collection_create,
    collection_set_products,
    collection_update,
    product_create,
)

pytestmark = pytest.mark.usefixtures("alpha")


@pytest.fixture
def products():
    def make(title, *, price, tags=(), vendor="", status="active"):
        return product_create(
            title=title,
            tags=tags,
            vendor=vendor,
            status=status,
            options=[("Size", ["S", "M"])],
            variants=[{"option1": "S", "price": price}, {"option1": "M", "price": price + 5}],
        )

    return {
        "tee": make("Tee", price=10, tags=["summer"], vendor="Acme"),
        "hat": make("Hat", price=30, tags=["summer", "sale"], vendor="Hatco"),
        "coat": make("Coat", price=100, tags=["winter"], vendor="Acme"),
        "draft": make("Draft", price=10, tags=["summer"], vendor="Acme", status="draft"),
    }


def _titles(qs):
    return sorted(p.title for p in qs)


def test_manual_collection_keeps_the_merchants_order(products):
    collection = collection_create(title="Picks")
    collection_set_products(
        collection=collection,
        products=[products["coat"], products["tee"], products["coat"], products["hat"].pk],
    )
    assert [p.title for p in collection_products(collection)] == ["Coat", "Tee", "Hat"]
    collection_set_products(collection=collection, products=[products["hat"], products["draft"]])
    assert [p.title for p in collection_products(collection)] == ["Hat"]
    assert [p.title for p in collection_products(collection, include_inactive=True)] == [
        "Hat",
        "Draft",
    ]


def test_automatic_all_rules(products):
    collection = collection_create(
        title="Acme summer",
        kind="automatic",
        rules=[("tag", "equals", "summer"), ("vendor", "equals", "acme")],
    )
    assert _titles(collection_products(collection)) == ["Tee"]


def test_automatic_any_rules(products):
    collection = collection_create(
        title="Summer or winter",
        kind="automatic",
        match="any",
        rules=[("tag", "equals", "sale"), ("tag", "equals", "winter")],
    )
    assert _titles(collection_products(collection)) == ["Coat", "Hat"]


def test_price_rules_match_each_product_once(products):
    cheap = collection_create(
        title="Under 50", kind="automatic", rules=[("price", "less_than", "50")]
    )
    result = collection_products(cheap)
    assert _titles(result) == ["Hat", "Tee"]
    assert result.count() == 2  # two matching variants each, listed once
    mixed = collection_create(
        title="Pricey or sale",
        kind="automatic",
        match="any",
        rules=[("price", "greater_than", "90"), ("tag", "equals", "sale")],
    )
    assert _titles(collection_products(mixed)) == ["Coat", "Hat"]
    both = collection_create(
        title="Acme over 50",
        kind="automatic",
        rules=[
            {"field": "price", "relation": "greater_than", "value": "50"},
            {"field": "vendor", "relation": "equals", "value": "Acme"},
        ],
    )
    assert _titles(collection_products(both)) == ["Coat"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "automatic"}, "at least one rule"),
        ({"kind": "manual", "rules": [("tag", "equals", "x")]}, "has no rules"),
        ({"kind": "automatic", "rules": [("price", "greater_than", "abc")]}, "not a price"),
        ({"kind": "automatic", "rules": [("price", "contains", "3")]}, "cannot be used"),
        ({"kind": "automatic", "rules": [("tag", "equals", "  ")]}, "Enter a value"),
        ({"kind": "automatic", "rules": [("colour", "equals", "red")]}, "Choose what"),
        ({"kind": "weird"}, "Choose one of"),
        ({"handle": "Bad Handle"}, "lowercase"),
    ],
)
def test_bad_collections_are_refused_and_nothing_is_written(kwargs, message):
    with pytest.raises(ValidationError) as info:
        collection_create(title="Bad", **kwargs)
    assert message in " ".join(m for ms in info.value.message_dict.values() for m in ms)
    assert not Collection.objects.exists()
    assert not CollectionRule.objects.exists()


def test_update_replaces_rules_and_keeps_them_on_error(products):
    collection = collection_create(
        title="Tagged", kind="automatic", rules=[("tag", "equals", "winter")]
    )
    collection_update(collection=collection, rules=[("tag", "equals", "summer")], match="any")
    assert _titles(collection_products(collection)) == ["Hat", "Tee"]
    with pytest.raises(ValidationError):
        collection_update(collection=collection, title="Renamed", rules=[])
    collection.refresh_from_db()
    assert collection.title == "Tagged"
    assert list(collection.rules.values_list("value", flat=True)) == ["summer"]


def test_an_automatic_collection_takes_no_chosen_products(products):
    collection = collection_create(title="Auto", kind="automatic", rules=[("tag", "equals", "x")])
    with pytest.raises(ValidationError):
        collection_set_products(collection=collection, products=[products["tee"]])


def test_unknown_product_ids_are_refused(products):
    collection = collection_create(title="Picks")
    with pytest.raises(ValidationError) as info:
        collection_set_products(collection=collection, products=[products["tee"].pk, 999_999])
    assert "999999" in str(info.value)
    assert not collection.memberships.exists()
