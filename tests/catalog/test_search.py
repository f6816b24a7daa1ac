"""Full-text search over title, tags, SKUs, vendor and type: ranking and pages."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from catalog.models import Product
from catalog.services import product_create

pytestmark = pytest.mark.usefixtures("alpha")


def test_title_outranks_tags_and_sku_outrank_vendor():
    vendor = product_create(title="Plain mug", vendor="Falcon")
    tag = product_create(title="Enamel cup", tags=["falcon"])
    title = product_create(title="Falcon enamel mug")
    assert list(Product.objects.search("falcon")) == [title, tag, vendor]


def test_finds_skus_type_and_ignores_case():
    product = product_create(
        title="Shirt", product_type="Tops", variants=[{"sku": "TSH-RED-M", "price": 5}]
    )
    assert list(Product.objects.search("tsh-red-m")) == [product]
    assert list(Product.objects.search("TOPS")) == [product]
    assert not Product.objects.search("").exists()
    assert not Product.objects.search("trousers").exists()


def test_prefix_search_for_the_admin_takes_no_operators():
    product = product_create(title="Shirtdress")
    assert list(Product.objects.search("shirt", prefix=True)) == [product]
    assert list(Product.objects.search("shirt & | ! :*", prefix=True)) == [product]
    assert not Product.objects.search("shirt", prefix=False).exists()
    assert not Product.objects.search("&|!", prefix=True).exists()


def test_pagination_keeps_a_stable_order():
    for i in range(25):
        product_create(title=f"Lamp {i:02d}")
    pages = Paginator(Product.objects.search("lamp"), 10)
    seen = [p.title for n in pages.page_range for p in pages.page(n)]
    assert pages.num_pages == 3
    assert len(seen) == len(set(seen)) == 25


# --- Accents, stemming, typos (catalog.search) --------------------------------------


def test_accents_never_matter_either_way():
    creme = product_create(title="Crème brûlée candle")
    plain = product_create(title="Creme soap")
    assert set(Product.objects.search("creme")) == {creme, plain}
    assert set(Product.objects.search("CRÈME")) == {creme, plain}
    assert list(Product.objects.search("brulee")) == [creme]
    assert set(Product.objects.search("crè", prefix=True)) == {creme, plain}


def test_words_are_stemmed_in_the_shops_language():
    shoe = product_create(title="Run shoe")
    assert list(Product.objects.search("running shoes")) == [shoe]
    assert list(Product.objects.search("shoes", config="simple")) == []
    boots = product_create(title="Hiking boots", tags=["waterproofing"])
    assert list(Product.objects.search("hike boot")) == [boots]
    assert list(Product.objects.search("waterproof")) == [boots]


def test_the_exact_word_outranks_a_word_that_only_shares_its_stem():
    stem_only = product_create(title="Run shoe")
    exact = product_create(title="Running shoe")
    assert list(Product.objects.search("running")) == [exact, stem_only]


def test_stop_words_still_find_a_title_made_of_them():
    band = product_create(title="The Who")
    assert list(Product.objects.search("the who")) == [band]


def test_search_config_follows_the_language(settings):
    from catalog.search import search_config

    assert search_config("en-us") == "english"
    assert search_config("fr_CA") == "french"
    assert search_config("pt-BR") == "portuguese"
    assert search_config("zz") == "simple"
    settings.LANGUAGE_CODE = "de"
    assert search_config() == "german"


def test_a_shop_in_another_language_stems_its_own_words(settings):
    settings.LANGUAGE_CODE = "fr"
    robe = product_create(title="Robes élégantes")
    assert list(Product.objects.search("robe elegante")) == [robe]


def test_reindex_brings_the_catalogue_to_a_new_language(settings):
    from catalog.services import catalog_search_reindex

    robe = product_create(title="Robes élégantes")
    # Stemmed in English when written ("elegant"), so French "élégance" ("eleg")
    # does not reach it until the catalogue is stemmed again.
    assert not Product.objects.search("élégance", config="french").exists()
    settings.LANGUAGE_CODE = "fr"
    assert catalog_search_reindex() == 1
    assert list(Product.objects.search("élégance")) == [robe]


def _likeness(query):
    from catalog.selectors import product_search

    return product_search(Product.objects.all(), query)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("tshrit", "Classic T-shirt"),
        ("hoodei", "Zip hoodie"),
        ("zip hoodei", "Zip hoodie"),
        ("jakcet", "Field wool jacket"),
    ],
)
def test_a_short_query_with_a_typo_finds_the_product(query, title):
    product_create(title="Classic T-shirt")
    product_create(title="Zip hoodie")
    product_create(title="Field wool jacket")
    product_create(title="Wool socks")
    found = _likeness(query)
    assert found.by_likeness
    assert found.products.first().title == title
    assert "Wool socks" not in [p.title for p in found.products]


def test_likeness_is_only_a_fallback_when_words_match():
    shirt = product_create(title="Linen shirt")
    product_create(title="Linen skirt")
    found = _likeness("shirt")
    assert not found.by_likeness
    assert list(found.products) == [shirt]


def test_long_queries_are_not_matched_by_likeness():
    product_create(title="Zip hoodie")
    found = _likeness("hoodei with a zip in the front please")
    assert not found.by_likeness and not found.products.exists()


def test_likeness_ranks_the_closest_title_first():
    # "Hood ornament" shares as many letters with "hoodei" within a word as "Zip
    # hoodie" does; the whole title's likeness breaks the tie.
    far = product_create(title="Hood ornament")
    near = product_create(title="Zip hoodie")
    assert list(_likeness("hoodei").products) == [near, far]


@pytest.mark.parametrize(
    "query",
    ["shirtː", "‖", "½ shirt", "¡©«»×", "x" * 5000, "'); drop table x; --", "\\", ":*", "((("],
)
def test_prefix_search_takes_anything_unaccent_can_make(query):
    product_create(title="Shirt")
    # Never raises; what is left of the words is matched as prefixes.
    list(Product.objects.search(query, prefix=True))
    list(_likeness(query).products)
