"""Product descriptions: rich text, kept to a short list of safe elements.

The admin's editor (Draftail) only produces these elements, but the services are
also fed by imports and the APIs, and the storefront prints the description as HTML
on the shop's own origin. So every write is cleaned here, and the storefront cleans
again when it renders (``storefront.templatetags``): what reaches a shopper's
browser is paragraphs, headings, lists, emphasis and links — never a script, an
event handler or a ``javascript:`` URL, whichever way it was stored.
"""

from __future__ import annotations

from wagtail.whitelist import Whitelister, allow_without_attributes, attribute_rule, check_url

# Draftail's features on the product form (``catalog.models.DESCRIPTION_FEATURES``).
# Internal links are stored as ``<a linktype="page" id="…">`` and expanded by
# Wagtail's ``richtext`` filter; external ones keep an ``href`` with a safe scheme.
_RULES = {
    "[document]": allow_without_attributes,
    "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
    "b": allow_without_attributes,
    "br": allow_without_attributes,
    "em": allow_without_attributes,
    "h2": allow_without_attributes,
    "h3": allow_without_attributes,
    "h4": allow_without_attributes,
    "i": allow_without_attributes,
    "li": allow_without_attributes,
    "ol": allow_without_attributes,
    "p": allow_without_attributes,
    "strong": allow_without_attributes,
    "ul": allow_without_attributes,
}


class _DescriptionWhitelister(Whitelister):
    element_rules = _RULES


_whitelister = _DescriptionWhitelister()


def description_is_html(value: str) -> bool:
    """Rich text starts with an element (the editor's blocks are ``<p>``, ``<h2>``…);
    anything else is plain text, printed escaped with its line breaks."""
    return value.lstrip().startswith("<")


def description_clean(value) -> str:
    """A description safe to print as HTML; plain text (older products) is kept as is."""
    value = str(value or "").strip()
    if not description_is_html(value):
        return value
    return _whitelister.clean(value).strip()
