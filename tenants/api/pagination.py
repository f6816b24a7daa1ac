"""Cursor pagination for API collections (Shopify's ``page_info`` and ``limit``).

Rows come in id order, which is stable while rows are added or changed; the cursor is
an opaque token holding the id to continue after (``n``) or before (``p``). Links to
the next and previous pages go in the ``Link`` header and in the body. A page costs
the same queries whatever its size: callers prefetch what each row shows.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.utils.translation import gettext as _

from api.problems import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 250


@dataclass
class Page:
    items: list
    next_url: str | None
    previous_url: str | None

    def link_header(self) -> str:
        links = []
        if self.previous_url:
            links.append(f'<{self.previous_url}>; rel="previous"')
        if self.next_url:
            links.append(f'<{self.next_url}>; rel="next"')
        return ", ".join(links)


def _encode(direction: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{direction}:{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        direction, pk = raw.split(":")
        if direction not in ("n", "p"):
            raise ValueError
        return direction, int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiProblem(
            422,
            "validation",
            _("The request has invalid fields"),
            _("page_info is not a cursor this API gave."),
            errors=[{"field": "page_info", "message": _("Not a valid cursor.")}],
        ) from exc


def _url(request, cursor: str, limit: int) -> str:
    query = request.GET.copy()
    query["page_info"] = cursor
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, queryset, *, limit: int | None, page_info: str | None) -> Page:
    limit = DEFAULT_LIMIT if limit is None else limit
    if page_info:
        direction, pk = _decode(page_info)
    else:
        direction, pk = "n", None
    if direction == "n":
        qs = queryset.order_by("pk")
        if pk is not None:
            qs = qs.filter(pk__gt=pk)
        rows = list(qs[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        next_url = _url(request, _encode("n", rows[-1].pk), limit) if more else None
        previous_url = (
            _url(request, _encode("p", rows[0].pk), limit) if pk is not None and rows else None
        )
    else:
        rows = list(queryset.order_by("-pk").filter(pk__lt=pk)[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit][::-1]
        previous_url = _url(request, _encode("p", rows[0].pk), limit) if more else None
        next_url = _url(request, _encode("n", rows[-1].pk), limit) if rows else None
    return Page(items=rows, next_url=next_url, previous_url=previous_url)
