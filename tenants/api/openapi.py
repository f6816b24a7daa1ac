"""The OpenAPI documents of both APIs, as committed under ``docs/api/``.

``manage.py api_openapi`` writes them; ``tests/api/test_openapi.py`` fails when the code
and the committed documents differ, so a change to an endpoint ships with its document.
"""

from __future__ import annotations

import json

from api.admin_api.api import VERSION as ADMIN_VERSION
from api.admin_api.api import admin_api
from api.storefront_api.api import VERSION as STOREFRONT_VERSION
from api.storefront_api.api import storefront_api

DOCUMENTS = {
    f"admin-{ADMIN_VERSION}.json": (admin_api, f"/api/admin/{ADMIN_VERSION}"),
    f"storefront-{STOREFRONT_VERSION}.json": (
        storefront_api,
        f"/api/storefront/{STOREFRONT_VERSION}",
    ),
}


def openapi_document(name: str) -> dict:
    api, prefix = DOCUMENTS[name]
    return api.get_openapi_schema(path_prefix=prefix)


def openapi_text(name: str) -> str:
    return json.dumps(openapi_document(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
