"""The sitemap's entries: pages, collections and products, in a few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from wagtail.models import Page

from catalog.models import Collection, Product


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    lastmod: datetime | None


def sitemap_entries(request) -> list[SitemapEntry]:
    """Published pages, the all-products page, published collections, active products.

    Three or four queries whatever the catalogue's size. Paths only: the view makes
    them absolute on the request's host, never on the Wagtail Site's hostname.
    """
    entries: list[SitemapEntry] = []
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        parts = page.get_url_parts(request)
        if parts is not None:
            entries.append(SitemapEntry(parts[2], page.last_published_at))
    entries.append(SitemapEntry(reverse("storefront:collection_all"), None))
    for handle, updated in (
        Collection.objects.published().order_by("title", "id").values_list("handle", "updated_at")
    ):
        entries.append(SitemapEntry(reverse("storefront:collection", args=[handle]), updated))
    for handle, updated in (
        Product.objects.active().order_by("-created_at", "-id").values_list("handle", "updated_at")
    ):
        entries.append(SitemapEntry(reverse("storefront:product", args=[handle]), updated))
    return entries
