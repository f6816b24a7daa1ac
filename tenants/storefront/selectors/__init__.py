"""Catalog reads for the storefront, each costing a fixed number of queries.

The catalog app owns the models and their basic querysets (``active()``,
``for_listing()``, ``for_detail()``, ``search()``); what lives here is what only the
storefront needs, one module per topic: ``listings`` (shopper filters, sorts, cards,
facets, cached counts), ``collections`` (which products a collection holds),
``product_page``, ``availability``, ``renditions`` (what pages prefetch) and
``sitemap``. Multi-valued conditions (variants, rules on variant prices) are written
as ``Exists``/``pk__in`` subqueries so that a product is never listed twice and
``COUNT`` stays right for pagination.
"""
