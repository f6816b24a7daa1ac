"""Template tags of the shop admin's frame: the shop's name and logo, the banners."""

from __future__ import annotations

from django import template

from cms.admin_banners import admin_banners
from cms.storefront_chrome import storefront_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def shop_admin_brand(context) -> dict:
    """``{% shop_admin_brand as brand %}``: ``brand.name`` and ``brand.logo`` (a
    picture with ``url``, or ``None``) of the shop whose admin this is; the logo is
    the storefront's, from its cached settings (no query on a warm cache)."""
    request = context.get("request")
    shop = getattr(request, "shop", None)
    if shop is None:
        return {"name": "Souk", "logo": None}
    return {"name": shop.name, "logo": storefront_chrome(request).logo}


@register.inclusion_tag("cms/admin/banners.html", takes_context=True)
def shop_admin_banners(context) -> dict:
    request = context.get("request")
    return {"banners": admin_banners(request) if request is not None else []}
