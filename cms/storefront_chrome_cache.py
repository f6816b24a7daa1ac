"""Where the storefront chrome (``cms.storefront_chrome``) is cached, and dropping it.

Apart from ``cms.storefront_chrome`` because the settings models call
``invalidate_storefront_chrome`` when saved, and ``cms.storefront_chrome`` reads them.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction

from catalog.versions import catalog_version
from storefront.page_cache import storefront_cache_purge

CACHE_ALIAS = "storefront"
CACHE_KEY = "cms:storefront-chrome:v1"


def invalidate_storefront_chrome() -> None:
    """Drop the current shop's entry now and again once the transaction commits.

    Now, so this transaction's own pages see the change; on commit, so a request that
    cached the old values meanwhile cannot keep them. Called while connected to the
    shop's schema (the cache key function reads it).
    """
    key = chrome_cache_key()
    caches[CACHE_ALIAS].delete(key)
    transaction.on_commit(lambda: caches[CACHE_ALIAS].delete(key))
    # Whole cached pages show the menus and settings too.
    storefront_cache_purge(reason="menus or storefront settings changed")


def chrome_cache_key() -> str:
    """Keyed by the catalogue version too: menus name products and collections, so a
    renamed product shows in the menu as soon as the catalogue changes."""
    return f"{CACHE_KEY}:{catalog_version()}"
