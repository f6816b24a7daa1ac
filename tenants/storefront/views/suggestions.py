"""``/search/suggest/?q=``: the search box's suggestions, as JSON.

Public and the same for every shopper (catalogue rows only; no session, cart or
account is read), so the response says it may be cached by the browser and any shared
cache for ``SUGGESTIONS_MAX_AGE``; the shop's page cache keeps it too, keyed by the
catalogue version, so a catalogue write is seen at once there.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kernel.money import money_format
from storefront.selectors.suggestions import search_suggestions

SUGGESTIONS_MAX_AGE = 60


def _price(product: dict, currency: str) -> str:
    low, high = product["min_price"], product["max_price"]
    if low is None:
        return ""
    if high is not None and high > low:
        return _("From %(price)s") % {"price": money_format(low, currency)}
    return money_format(low, currency)


@require_safe
def search_suggest(request: HttpRequest) -> JsonResponse:
    found = search_suggestions(request.GET.get("q", ""))
    currency = request.shop.currency
    search_url = reverse("storefront:search")
    response = JsonResponse(
        {
            "query": found.query,
            "products": [
                {
                    "title": p["title"],
                    "url": reverse("storefront:product", args=[p["handle"]]),
                    "price": _price(p, currency),
                }
                for p in found.products
            ],
            "collections": [
                {"title": c["title"], "url": reverse("storefront:collection", args=[c["handle"]])}
                for c in found.collections
            ],
            "search_url": f"{search_url}?{urlencode({'q': found.query})}" if found.query else "",
        },
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_MAX_AGE)
    return response
