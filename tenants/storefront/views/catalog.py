"""Product, collection and search pages.

Thin: parse the query string with a form, ask ``storefront.selectors`` for the
rows, render the theme's template. Every listing is paginated by the database and
prefetches what its cards show, so a page costs the same number of queries whether
it lists 3 products or 24, and a product page the same with 2 variants or 200.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Collection
from kernel.money import money_format
from shops import addresses
from storefront.forms import ListingForm, SearchForm, VariantPickerForm, choose_variant
from storefront.pagination import PER_PAGE, listing_page
from storefront.selectors.availability import variant_availability
from storefront.selectors.collections import (
    all_products,
    collection_for_page,
    collection_products,
    search_products,
)
from storefront.selectors.listings import (
    ListingPaginator,
    Sort,
    filter_products,
    for_cards,
    listing_count_key,
    listing_ordering,
    option_values,
    sort_products,
)
from storefront.selectors.product_page import images_for_variant, product_for_page
from storefront.selectors.renditions import PRODUCT_RENDITION
from storefront.structured_data import product_json_ld


def _page(request: HttpRequest, products: QuerySet, *, count_key: str | None = None):
    """The requested page; a missing, malformed or too large ``?page=`` is clamped.

    ``count_key``: cache the total under it (``listing_count_key``).
    """
    paginator = ListingPaginator(for_cards(products), PER_PAGE, cache_key=count_key)
    return paginator.get_page(request.GET.get("page"))


def _canonical(request: HttpRequest, path: str, page_number: int = 1) -> str:
    """Sorts and filters are the same page to a search engine; page numbers are not."""
    suffix = f"?page={page_number}" if page_number > 1 else ""
    return addresses.absolute_url(request, path) + suffix


def _listing(
    request: HttpRequest,
    *,
    products: QuerySet,
    listing: str,
    default_sort: str,
    path: str,
    title: str,
    collection: Collection | None = None,
) -> HttpResponse:
    """``listing`` names the unfiltered product list (``all``, ``collection:<id>``):
    its option choices and counts are cached under that name per catalogue version,
    and its cursors are bound to it (``storefront.pagination``)."""
    form = ListingForm(
        request.GET or None,
        default_sort=default_sort,
        option_values=option_values(products, listing=listing),
    )
    filters = form.filters
    manual = collection is not None and collection.kind == Collection.Kind.MANUAL
    sort = form.sort_value
    shown = sort_products(filter_products(products, filters), sort, manual=manual)
    page = listing_page(
        request,
        for_cards(shown),
        ordering=listing_ordering(sort, manual=manual),
        listing=listing,
        sort=sort,
        count_key=listing_count_key(listing, filters),
    )
    context = {
        "collection": collection,
        "title": title,
        "form": form,
        "listing_page": page,
        "products": page.products,
        # Cursor pages are noindex and name no canonical URL (storefront.pagination).
        "canonical_url": None if page.is_cursor_page else _canonical(request, path, page.number),
    }
    return render(request, "storefront/collection.html", context)


def collection_detail(request: HttpRequest, handle: str) -> HttpResponse:
    collection = collection_for_page(handle)
    manual = collection.kind == Collection.Kind.MANUAL
    return _listing(
        request,
        products=collection_products(collection),
        listing=f"collection:{collection.pk}",
        default_sort=Sort.FEATURED if manual else Sort.NEWEST,
        path=reverse("storefront:collection", args=[collection.handle]),
        title=collection.seo_title or collection.title,
        collection=collection,
    )


def collection_all(request: HttpRequest) -> HttpResponse:
    return _listing(
        request,
        products=all_products(),
        listing="all",
        default_sort=Sort.NEWEST,
        path=reverse("storefront:collection_all"),
        title=_("All products"),
    )


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.query if form.is_bound else ""
    page = _page(request, search_products(query)) if query else None
    context = {"form": form, "query": query, "page_obj": page}
    return render(request, "storefront/search.html", context)


def product_detail(request: HttpRequest, handle: str) -> HttpResponse:
    product = product_for_page(handle)
    variants = list(product.variants.all())
    availability = variant_availability(variants)
    variant, honoured = choose_variant(variants, request.GET, availability)
    initial = {f"option{i}": getattr(variant, f"option{i}") for i in (1, 2, 3)} if variant else {}
    picker = VariantPickerForm(
        product=product, variants=variants, initial=initial, auto_id="picker-%s"
    )
    images = images_for_variant(list(product.images.all()), variant)
    canonical_url = addresses.absolute_url(request, reverse("storefront:product", args=[handle]))

    def image_url(product_image) -> str:
        rendition = product_image.image.get_rendition(PRODUCT_RENDITION)
        return addresses.absolute_url(request, rendition.url)

    currency = request.shop.currency
    context = {
        "product": product,
        "variants": variants,
        "variant": variant,
        "variant_available": availability.get(variant.pk, False) if variant else False,
        "choice_not_found": not honoured,
        "picker": picker,
        "images": images,
        "canonical_url": canonical_url,
        "json_ld": product_json_ld(
            product=product,
            variants=variants,
            availability=availability,
            images=images,
            image_url=image_url,
            canonical_url=canonical_url,
            currency=currency,
        ),
        "variants_data": [
            {
                "id": v.pk,
                "options": [v.option1, v.option2, v.option3],
                "price_display": money_format(v.price, currency),
                "compare_at_display": (
                    money_format(v.compare_at_price, currency)
                    if v.compare_at_price and v.compare_at_price > v.price
                    else None
                ),
                "sku": v.sku,
                "available": availability[v.pk],
            }
            for v in variants
        ],
    }
    return render(request, "storefront/product.html", context)
