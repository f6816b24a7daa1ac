"""Filters of the console's shop list.

Each filter is one object in ``SHOP_FILTERS``: it names its query parameter, renders
its choices and narrows the queryset. Adding a filter (the plan, once ``billing``
exists) is one more entry here; the view and template iterate the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from billing.models import Plan
from shops.models import Domain, Shop

MAX_SEARCH = 100


@dataclass(frozen=True)
class ChoiceFilter:
    name: str
    label: str
    field: str
    choices: tuple[tuple[str, str], ...]

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        if value in {key for key, _label in self.choices}:
            return queryset.filter(**{self.field: value})
        return queryset  # an unknown value filters nothing rather than failing


@dataclass(frozen=True)
class DateFilter:
    """``created_from``/``created_to``: inclusive days, ISO ``YYYY-MM-DD``."""

    name: str
    label: str
    lookup: str

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        try:
            day = parse_date(value) if value else None
        except ValueError:
            day = None
        if day is None:
            return queryset
        return queryset.filter(**{self.lookup: day})


class PlanFilter:
    """The plan filter: its choices are the plans in the database, read when shown."""

    name = "plan"
    label = _("Plan")

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple(Plan.objects.order_by("pk").values_list("code", "name"))

    def apply(self, queryset: QuerySet, value: str) -> QuerySet:
        if value in {code for code, _name in self.choices}:
            return queryset.filter(subscription__plan__code=value)
        return queryset


SHOP_FILTERS = [
    ChoiceFilter("status", _("Status"), "status", tuple(Shop.Status.choices)),
    DateFilter("created_from", _("Created from"), "created_at__date__gte"),
    DateFilter("created_to", _("Created until"), "created_at__date__lte"),
    PlanFilter(),
]


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Name, subdomain, owner e-mail or any of the shop's domains contains ``text``."""
    text = " ".join((text or "").split())[:MAX_SEARCH]
    if not text:
        return queryset
    in_domains = Domain.objects.filter(tenant=OuterRef("pk"), domain__icontains=text)
    return queryset.filter(
        Q(name__icontains=text)
        | Q(subdomain__icontains=text)
        | Q(owner__email__icontains=text)
        | Exists(in_domains)
    )


def filter_shops(queryset: QuerySet, params) -> tuple[QuerySet, dict[str, str]]:
    """Apply the search and every filter; return the queryset and the values used."""
    used = {"q": (params.get("q") or "").strip()[:MAX_SEARCH]}
    queryset = search(queryset, used["q"])
    for shop_filter in SHOP_FILTERS:
        value = (params.get(shop_filter.name) or "").strip()[:32]
        used[shop_filter.name] = value
        queryset = shop_filter.apply(queryset, value)
    return queryset, used
