"""Endpoint authentication: the token the gate found, and the scope the endpoint needs.

``AppToken("write_products")`` on an Admin API endpoint: no valid token → 401, a token
without the scope (or its ``write_`` twin) → 403, before the request body is parsed.
The scope is also written into the OpenAPI document (``x-souk-scope``), which is where
the scope tests find, for every endpoint, what to withhold.
"""

from __future__ import annotations

from ninja.security import HttpBearer

from api.problems import ScopeMissing
from api.scopes import scope_granted


class AppToken(HttpBearer):
    openapi_description = "An app's Admin API token (souk_at_…), as a Bearer token."

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        app = getattr(request, "api_app", None)
        if app is None:
            return None
        if not scope_granted(app.scopes, self.scope):
            raise ScopeMissing(self.scope)
        return app

    def authenticate(self, request, token):  # pragma: no cover - __call__ decides
        return None


def scoped(scope: str) -> dict:
    """Keyword arguments of a route decorator: its auth and the documented scope."""
    return {"auth": AppToken(scope), "openapi_extra": {"x-souk-scope": scope}}
