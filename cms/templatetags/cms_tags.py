"""Template tags themes use around CMS pages: menus and absolute URLs for SEO tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from cms.storefront_chrome import MENUS, StorefrontChrome, storefront_chrome
from shops import addresses

register = template.Library()


@dataclass
class MenuEntry:
    label: str
    url: str
    current: bool = False
    children: list[MenuEntry] = field(default_factory=list)


def _entry(link, path: str) -> MenuEntry:
    return MenuEntry(label=link.label, url=link.url, current=bool(link.url) and link.url == path)


@register.simple_tag(takes_context=True)
def storefront_menu(context, name: str) -> list[MenuEntry]:
    """The header or footer menu as entries: ``{% storefront_menu "header" as menu %}``.

    Resolved once per shop and cached (``cms.storefront_chrome``): no query on a warm page. Only
    which entry is the current page is worked out per request.
    """
    request = context.get("request")
    if request is None or name not in MENUS:
        return []
    entries = []
    for link in storefront_chrome(request).menus.get(name, ()):
        entry = _entry(link, request.path)
        entry.children = [_entry(child, request.path) for child in link.children]
        entry.current = entry.current or any(c.current for c in entry.children)
        entries.append(entry)
    return entries


@register.simple_tag(takes_context=True)
def storefront_settings(context) -> StorefrontChrome:
    """The shop's storefront settings (logo, announcement, contact, social), cached.

    ``{% storefront_settings as s %}``; an empty one outside a shop.
    """
    request = context.get("request")
    if request is None:
        return StorefrontChrome()
    return storefront_chrome(request)


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """``url`` made absolute on the shop's primary domain, never the request's Host
    (``shops.addresses``); media on another host stays as is."""
    request = context.get("request")
    if not url or url.startswith(("http://", "https://")) or request is None:
        return url or ""
    return addresses.absolute_url(request, url)
