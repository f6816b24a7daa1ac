"""Storefront API authentication: the public storefront token the gate found."""

from __future__ import annotations

from ninja.security import APIKeyHeader

from api.gate import STOREFRONT_TOKEN_HEADER


class StorefrontTokenAuth(APIKeyHeader):
    param_name = STOREFRONT_TOKEN_HEADER

    def __call__(self, request):
        return getattr(request, "storefront_token", None)

    def authenticate(self, request, key):  # pragma: no cover - __call__ decides
        return None
