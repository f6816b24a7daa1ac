"""What every API request passes before and after its endpoint.

Admin API: the app token is looked up once (``request.api_app``), its leaky bucket is
drained (429 with ``Retry-After`` when empty), a POST with an ``Idempotency-Key`` is
claimed or replayed, and the response is stamped with the version served and the
``X-RateLimit-*`` headers. The endpoint's own auth (``api.auth``) then only checks the
token was found and carries the endpoint's scope, so a missing scope is a 403 before
the body is even read.

Storefront API: the storefront token and, when sent, the customer token are looked
up; CORS allows the shop's own domains and the token's listed origins.
"""

from __future__ import annotations

import json
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext as _

from api import selectors
from api.idempotency import idempotent
from api.problems import problem
from api.rate_limits import bucket_take
from api.services import app_token_used, storefront_token_used
from api.versions import HEADER

STOREFRONT_TOKEN_HEADER = "X-Souk-Storefront-Access-Token"  # noqa: S105 (a header name)
CUSTOMER_TOKEN_HEADER = "X-Souk-Customer-Access-Token"  # noqa: S105
ADMIN_TOKEN_HEADER = "X-Souk-Access-Token"  # noqa: S105


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _nul_refused(request):
    """A NUL character anywhere in the query or a JSON body: refused here, once for
    every endpoint (PostgreSQL cannot store one, and no merchant or shopper text has
    one); Django's forms do the same for the HTML pages."""
    found = any("\x00" in k or "\x00" in v for k, values in request.GET.lists() for v in values)
    if not found and b"\\u0000" in request.body.lower():
        try:
            found = _has_nul(json.loads(request.body))
        except ValueError:
            found = False  # not JSON: the endpoint's parser refuses it
    if found:
        return problem(
            422,
            "validation",
            _("The request has invalid fields"),
            _("Text may not contain NUL characters."),
            errors=[{"field": "", "message": _("Text may not contain NUL characters.")}],
        )
    return None


def _bearer(request) -> str:
    value = request.headers.get("Authorization", "")
    scheme, _sep, token = value.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get(ADMIN_TOKEN_HEADER, "").strip()


def admin_gate(view, version: str):
    @wraps(view)
    def gated(request, *args, **kwargs):
        app = None
        token = _bearer(request)
        if token:
            app = selectors.app_for_token(token)
        request.api_app = app
        refused = _nul_refused(request)
        if refused is not None:
            refused[HEADER] = version
            return refused
        verdict = None
        if app is not None:
            # Per token (a rotated token starts a new bucket; rows rolled back in tests
            # never share one).
            verdict = bucket_take(bucket=f"app:{app.pk}:{app.token_digest[:16]}")
            app_token_used(app=app)
        if verdict is not None and not verdict.allowed:
            response = problem(
                429,
                "rate-limited",
                _("Too many requests"),
                _("This app is over its request rate; retry after %(s)s s.")
                % {"s": verdict.retry_after},
            )
            response["Retry-After"] = str(max(1, verdict.retry_after))
        elif app is not None:
            response = idempotent(request, app, lambda: view(request, *args, **kwargs))
        else:
            response = view(request, *args, **kwargs)
        response[HEADER] = version
        if verdict is not None:
            response["X-RateLimit-Limit"] = str(verdict.limit)
            response["X-RateLimit-Remaining"] = str(verdict.remaining)
        return response

    return gated


def _shop_origins(request) -> set[str]:
    shop = getattr(request, "shop", None) or getattr(request, "tenant", None)
    origins = set()
    for domain in getattr(shop, "domains", None).all() if shop is not None else ():
        origins.add(f"https://{domain.domain}")
        origins.add(f"http://{domain.domain}")
    return origins


def _cors(request, response, allowed: set[str]) -> None:
    origin = request.headers.get("Origin", "").rstrip("/").lower()
    if origin and origin in allowed:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Headers"] = ", ".join(
            ["Content-Type", STOREFRONT_TOKEN_HEADER, CUSTOMER_TOKEN_HEADER]
        )
        response["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
        response["Access-Control-Max-Age"] = "600"
        response["Vary"] = "Origin"


def storefront_gate(view, version: str):
    @wraps(view)
    def gated(request, *args, **kwargs):
        if request.method == "OPTIONS":
            # A preflight carries no token: allow the origins some live token allows.
            response = HttpResponse(status=204)
            _cors(request, response, selectors.storefront_origins() | _shop_origins(request))
            return response
        refused = _nul_refused(request)
        if refused is not None:
            refused[HEADER] = version
            return refused
        token = selectors.storefront_token_for(
            request.headers.get(STOREFRONT_TOKEN_HEADER, "").strip()
        )
        request.storefront_token = token
        customer_token = request.headers.get(CUSTOMER_TOKEN_HEADER, "").strip()
        request.api_customer = (
            selectors.customer_for_token(customer_token) if token and customer_token else None
        )
        if token is not None:
            storefront_token_used(token=token)
        response = view(request, *args, **kwargs)
        response[HEADER] = version
        if token is not None:
            _cors(request, response, set(token.allowed_origins) | _shop_origins(request))
        return response

    return gated
