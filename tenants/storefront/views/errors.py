"""Error pages of a shop's host, in the shop's theme."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from storefront.forms import SearchForm


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The theme's 404 page, with a search box to find the way back.

    Django's default handler renders ``404.html`` too, but without our context and
    only while the template loads; this one is explicit so themes can rely on it.
    """
    return render(request, "404.html", {"search_form": SearchForm()}, status=404)
