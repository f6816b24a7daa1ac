"""The Admin API, version 2026-12: every resource's router, one ``SoukApi``."""

from __future__ import annotations

from api.admin_api import (
    collections,
    customers,
    discounts,
    inventory,
    orders,
    pages,
    products,
    shipping,
    shop,
)
from api.ninja_api import SoukApi

VERSION = "2026-12"

admin_api = SoukApi(
    kind="admin",
    title="Souk Admin API",
    version=VERSION,
    description=(
        "Manage a shop's catalogue, stock, orders, customers, discounts and content. "
        "Authenticate with an app's token (Settings → Apps) as a Bearer token. "
        "See docs/api.md."
    ),
    urls_namespace=f"admin_api_{VERSION.replace('-', '_')}",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
admin_api.add_router("", products.router)
admin_api.add_router("", collections.router)
admin_api.add_router("", inventory.router)
admin_api.add_router("", orders.router)
admin_api.add_router("", customers.router)
admin_api.add_router("", shop.router)
admin_api.add_router("", discounts.router)
admin_api.add_router("", shipping.router)
admin_api.add_router("", pages.router)
