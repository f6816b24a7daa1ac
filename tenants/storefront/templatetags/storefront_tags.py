"""Template helpers of the storefront."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from catalog.services.descriptions import description_clean, description_is_html

register = template.Library()

# The characters that could end a <script> element or open a comment inside it;
# the same escapes Django's json_script uses.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """``<script type="application/ld+json">`` holding ``value``, safe in HTML."""
    payload = json.dumps(value, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def description_html(value) -> str:
    """A product description as HTML a shopper's browser may run nothing from.

    Rich text is cleaned again here (``catalog.services.description_clean``) however
    it was stored, then its internal links expanded; plain text from before
    descriptions were rich keeps its line breaks, escaped.
    """
    value = value or ""
    if not description_is_html(value):
        return linebreaks(value, autoescape=True)
    return mark_safe(expand_db_html(description_clean(value)))  # noqa: S308 — cleaned above
