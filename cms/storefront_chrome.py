"""What every storefront page shows around its content: menus, logo, announcement, footer.

Every storefront page (product, cart, checkout, CMS pages…) renders the header and
footer, so reading ``StorefrontSettings`` and ``NavigationSettings`` — and resolving
each menu entry's target to a URL — on every request would add queries to pages
whose query counts are fixed by tests. Instead the resolved values are kept in the
``storefront`` cache (its keys carry the shop's schema, so one entry per shop; its
own alias, so emptying ``default`` — renditions, throttles — keeps pages warm): a warm
page costs **no query**; a cold one costs the two settings rows, the menu targets
and the logo/favicon renditions, once.

The entry is dropped on commit (``cms.storefront_chrome_cache``) whenever the
merchant saves either setting (the models' ``save``) and when a page is published,
unpublished, moved or deleted (``cms.wagtail_hooks``: a menu may link to it).
Collection and product renames change the key (it carries the catalogue version).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import connection
from django_tenants.utils import get_public_schema_name

from cms.models import NavigationSettings, StorefrontSettings
from cms.storefront_chrome_cache import CACHE_ALIAS, chrome_cache_key
from shops.links import safe_link

CACHE_TIMEOUT = 15 * 60
REQUEST_ATTR = "_cms_storefront_chrome"
MENUS = ("header", "footer")


@dataclass(frozen=True)
class MenuLink:
    """One resolved menu entry; ``children`` only on top-level entries."""

    label: str
    url: str
    children: tuple[MenuLink, ...] = ()


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class StorefrontChrome:
    """Plain, picklable copies of the settings a storefront page reads."""

    announcement: str = ""
    announcement_link: str = ""
    logo: Picture | None = None
    favicon: Picture | None = None
    default_seo_image: Picture | None = None
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    social_links: tuple[tuple[str, str, str], ...] = ()
    menus: dict = field(default_factory=dict)

    @property
    def has_contact_details(self) -> bool:
        return bool(self.contact_email or self.contact_phone or self.address)


def storefront_chrome(request) -> StorefrontChrome:
    """The current shop's chrome: from the request, else the cache, else the database.

    Empty outside a shop's schema (platform pages have no storefront settings).
    """
    if connection.schema_name == get_public_schema_name():
        return StorefrontChrome()
    chrome = getattr(request, REQUEST_ATTR, None)
    if chrome is None:
        key = chrome_cache_key()
        chrome = caches[CACHE_ALIAS].get(key)
        if chrome is None:
            chrome = _load(request)
            caches[CACHE_ALIAS].set(key, chrome, CACHE_TIMEOUT)
        setattr(request, REQUEST_ATTR, chrome)
    return chrome


def _picture(image, spec: str) -> Picture | None:
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return Picture(url=rendition.url, width=rendition.width, height=rendition.height)


def _link(value) -> MenuLink:
    return MenuLink(label=value.text, url=value.url)


def _menu(stream) -> tuple[MenuLink, ...]:
    """Entries whose target has gone (a deleted page) are left out."""
    entries = []
    for block in stream:
        children = tuple(c for c in map(_link, block.value.get("children") or []) if c.url)
        entry = _link(block.value)
        if entry.url or children:
            entries.append(MenuLink(label=entry.label, url=entry.url, children=children))
    return tuple(entries)


def _load(request) -> StorefrontChrome:
    s = StorefrontSettings.for_request(request)
    nav = NavigationSettings.for_request(request)
    return StorefrontChrome(
        announcement=s.announcement,
        announcement_link=safe_link(s.announcement_link),
        logo=_picture(s.logo, "height-80"),
        favicon=_picture(s.favicon, "fill-64x64"),
        default_seo_image=_picture(s.default_seo_image, "fill-1200x630"),
        contact_email=s.contact_email,
        contact_phone=s.contact_phone,
        address=s.address,
        social_links=tuple(s.social_links),
        menus={"header": _menu(nav.header_menu), "footer": _menu(nav.footer_menu)},
    )
