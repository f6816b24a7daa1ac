"""Storefront routes that are not Wagtail pages; mounted before Wagtail's catch-all.

``collections/all/`` is always every active product (as merchants know it from
Shopify), so a collection with the handle ``all`` is not reachable by its own URL.
"""

from django.urls import path

from storefront.views import catalog, seo

app_name = "storefront"

urlpatterns = [
    path("products/<slug:handle>/", catalog.product_detail, name="product"),
    path("collections/all/", catalog.collection_all, name="collection_all"),
    path("collections/<slug:handle>/", catalog.collection_detail, name="collection"),
    path("search/", catalog.search, name="search"),
    path("sitemap.xml", seo.sitemap_xml, name="sitemap"),
]
