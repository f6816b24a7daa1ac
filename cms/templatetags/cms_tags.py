"""Template tags themes use around CMS pages: menus and absolute URLs for SEO tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

register = template.Library()

MENUS = {"header": "header_menu", "footer": "footer_menu"}


@dataclass
class MenuEntry:
    label: str
    url: str
    current: bool = False
    children: list[MenuEntry] = field(default_factory=list)


def _entry(value, path: str) -> MenuEntry:
    url = value.url
    return MenuEntry(label=value.text, url=url, current=bool(url) and url == path)


@register.simple_tag(takes_context=True)
def storefront_menu(context, name: str) -> list[MenuEntry]:
    """The header or footer menu as entries: ``{% storefront_menu "header" as menu %}``.

    One query for the settings row and one per kind of target (pages, collections,
    products; Wagtail converts each kind for the whole menu at once), whatever the
    number of entries. Entries whose target has gone (a deleted page) are left out.
    """
    request = context.get("request")
    if request is None or name not in MENUS:
        return []
    from cms.models import NavigationSettings

    menu = getattr(NavigationSettings.for_request(request), MENUS[name])
    entries = []
    for block in menu:
        entry = _entry(block.value, request.path)
        for child in block.value.get("children") or []:
            sub = _entry(child, request.path)
            if sub.url:
                entry.children.append(sub)
                entry.current = entry.current or sub.current
        if entry.url or entry.children:
            entries.append(entry)
    return entries


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """``url`` made absolute on the request's host (media on another host stays as is)."""
    request = context.get("request")
    if not url or url.startswith(("http://", "https://")) or request is None:
        return url or ""
    return request.build_absolute_uri(url)
