"""Which page of a listing a request asks for, and the links around it.

The first ``NUMBERED_PAGES`` pages have numbers (``?page=3``): their ``OFFSET`` is at
most a hundred rows, shoppers like to jump among them, and a crawler finds them as
plain links. "Next" from the last numbered page, and from any page beyond, carries a
cursor (``?after=…``, ``storefront.keyset``) instead, so a shopper or crawler
walking a 95,000-product listing pays one index range scan per page however deep it
goes. An old ``?page=200`` link still works, by ``OFFSET`` (as slow as before, and
only for that page: its "Next" and "Previous" are cursors).

Cursor pages are ``noindex, follow``: a crawler follows them to reach every product
but indexes the numbered pages and the products, not an endless set of cursor URLs.
Every link keeps the shopper's sort and filters; the filter form itself sends
neither page nor cursor, so changing a filter starts again from page 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpRequest

from storefront import keyset
from storefront.keyset import InvalidCursor, Ordering
from storefront.selectors.listings import ListingPaginator

PER_PAGE = 24
NUMBERED_PAGES = 5
_POSITION_PARAMS = ("page", "after", "before")


@dataclass
class ListingPage:
    """One page of a listing, as the collection template shows it."""

    products: list
    count: int
    num_pages: int
    number: int | None = None  # None on a cursor page (its number is unknown)
    previous_url: str | None = None
    next_url: str | None = None
    numbered: list[tuple[int, str]] = field(default_factory=list)
    is_cursor_page: bool = False
    # A cursor that was garbled, edited, or from another shop, listing or sort: the
    # first page is shown instead, with a note.
    cursor_refused: bool = False

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous_url or self.next_url)


def _url(request: HttpRequest, **position) -> str:
    """This listing's URL with its sort and filters and the given position only."""
    params = request.GET.copy()
    for name in _POSITION_PARAMS:
        params.pop(name, None)
    for name, value in position.items():
        if value is not None:
            params[name] = str(value)
    return "?" + params.urlencode()


def listing_page(
    request: HttpRequest,
    products: QuerySet,
    *,
    ordering: Ordering,
    listing: str,
    sort: str,
    count_key: str | None = None,
) -> ListingPage:
    """The page ``?page=``, ``?after=`` or ``?before=`` asks for (bad ones: page 1).

    ``products`` is sorted by ``ordering`` and ready for cards; ``listing`` and
    ``sort`` bind cursors to this listing (``keyset.cursor_make``); ``count_key``
    caches the total (``storefront.selectors.listings.listing_count_key``).
    """
    paginator = ListingPaginator(products, PER_PAGE, cache_key=count_key)

    def cursor(row) -> str:
        return keyset.cursor_make(ordering, row, listing=listing, sort=sort)

    def numbered() -> list[tuple[int, str]]:
        if paginator.num_pages < 2:
            return []
        last = min(NUMBERED_PAGES, paginator.num_pages)
        return [(n, _url(request, page=n)) for n in range(1, last + 1)]

    after, before = request.GET.get("after"), request.GET.get("before")
    refused = False
    if after or before:
        try:
            values = keyset.cursor_read(ordering, after or before, listing=listing, sort=sort)
        except InvalidCursor:
            refused = True
        else:
            if after:
                found = keyset.page_after(products, ordering, values, per_page=PER_PAGE)
            else:
                found = keyset.page_before(products, ordering, values, per_page=PER_PAGE)
            # Nothing after (the listing shrank) or the start reached going back:
            # the first page, whole, rather than a short or empty one.
            if found.rows and not found.at_start:
                rows = found.rows
                return ListingPage(
                    products=rows,
                    count=paginator.count,
                    num_pages=paginator.num_pages,
                    previous_url=_url(request, before=cursor(rows[0])),
                    next_url=_url(request, after=cursor(rows[-1])) if found.has_next else None,
                    numbered=numbered(),
                    is_cursor_page=True,
                )
    page = paginator.get_page(None if (after or before) else request.GET.get("page"))
    rows = list(page.object_list)
    number = page.number
    previous_url = next_url = None
    if page.has_previous():
        deep = number - 1 > NUMBERED_PAGES
        previous_url = (
            _url(request, before=cursor(rows[0])) if deep else _url(request, page=number - 1)
        )
    if page.has_next():
        deep = number + 1 > NUMBERED_PAGES
        next_url = _url(request, after=cursor(rows[-1])) if deep else _url(request, page=number + 1)
    return ListingPage(
        products=rows,
        count=paginator.count,
        num_pages=paginator.num_pages,
        number=number,
        previous_url=previous_url,
        next_url=next_url,
        numbered=numbered(),
        cursor_refused=refused,
    )
