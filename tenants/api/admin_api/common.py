"""Pieces every Admin API resource uses: list parameters, the page envelope, the
acting user of the calling app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Schema
from pydantic import AfterValidator

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate


def _utc(value: datetime) -> datetime:
    """In UTC (a naive time is taken as UTC). PostgreSQL refuses offsets past ±15:59,
    and a time near year 1 or 9999 may not survive the shift: both are bad input."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("Time out of range.") from exc


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]


class ListParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size, at most 250.")
    page_info: str | None = Field(None, description="Cursor from a `next` or `previous` link.")
    since_id: int | None = Field(None, ge=0, le=2**62, description="Only ids after this one.")
    updated_at_min: UtcDateTime | None = Field(None, description="Changed at or after (sync).")
    created_at_min: UtcDateTime | None = None


def list_filter(queryset, params: ListParams):
    if params.since_id is not None:
        queryset = queryset.filter(pk__gt=params.since_id)
    if params.updated_at_min is not None:
        queryset = queryset.filter(updated_at__gte=params.updated_at_min)
    if params.created_at_min is not None:
        queryset = queryset.filter(created_at__gte=params.created_at_min)
    return queryset


def page_of(request, queryset, params: ListParams) -> Page:
    return paginate(request, queryset, limit=params.limit, page_info=params.page_info)


def page_body(response: HttpResponse, page: Page, key: str, items: list) -> dict:
    """The envelope ``{<key>: [...], next, previous}`` and the ``Link`` header."""
    link = page.link_header()
    if link:
        response["Link"] = link
    return {key: items, "next": page.next_url, "previous": page.previous_url}


def acting_user(request):
    """The calling app's own shop user: what the audit trail records for its writes."""
    return request.auth.user


def actor(request) -> str:
    """For services that take an actor string (orders): the app, named."""
    return f"app:{request.auth.name}"
