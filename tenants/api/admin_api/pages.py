"""Admin API: the shop's content pages (read). Page writes stay in the page editor
for now: a page's body is a StreamField whose blocks have no API form yet."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from wagtail.models import Page, Site

from api.admin_api.common import ListParams, page_body, page_of
from api.auth import scoped

router = Router(tags=["pages"])


class PageOut(Schema):
    id: int
    title: str
    handle: str
    url: str | None
    page_type: str
    published: bool
    seo_title: str
    search_description: str
    first_published_at: datetime | None
    last_published_at: datetime | None


class PagePage(Schema):
    pages: list[PageOut]
    next: str | None
    previous: str | None


class PageEnvelope(Schema):
    page: PageOut


def _pages():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return Page.objects.none()
    return Page.objects.descendant_of(site.root_page, inclusive=True).select_related("content_type")


def page_out(page: Page, request) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "handle": page.slug,
        "url": page.get_url(request=request),
        "page_type": page.content_type.model,
        "published": page.live,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


@router.get("/pages.json", response=PagePage, **scoped("read_content"))
def page_list(request, response: HttpResponse, filters: Query[ListParams]):
    queryset = _pages()
    if filters.since_id is not None:
        queryset = queryset.filter(pk__gt=filters.since_id)
    if filters.updated_at_min is not None:
        queryset = queryset.filter(last_published_at__gte=filters.updated_at_min)
    page = page_of(request, queryset, filters)
    return page_body(response, page, "pages", [page_out(p, request) for p in page.items])


@router.get("/pages/{page_id}.json", response=PageEnvelope, **scoped("read_content"))
def page_detail(request, page_id: int):
    return {"page": page_out(get_object_or_404(_pages(), pk=page_id), request)}
