"""Per-shop site settings and menus, edited under Settings in the shop admin.

Both are Wagtail ``BaseSiteSetting``s: one row per Site, and each shop's schema has
exactly one Site, so "per site" is "per shop". Templates read them through
``{% load cms_tags %}`` (``storefront_settings``, ``storefront_menu``), which serve a
per-shop cached copy (``cms.storefront_chrome``); saving either drops that copy on commit.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from cms.blocks import MenuBlock
from cms.storefront_chrome_cache import invalidate_storefront_chrome
from shops.links import LinkField, WebAddressField, is_safe_link

SOCIAL_NETWORKS = ("instagram", "facebook", "tiktok", "x", "youtube", "pinterest")


def _image(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


# "preferences": its place in the admin menu (cms.admin_menu), under "Online store".
@register_setting(icon="site", name="preferences")
class StorefrontSettings(BaseSiteSetting):
    logo = _image(_("logo"), _("Shown in the header instead of the shop's name."))
    favicon = _image(_("favicon"), _("A square picture; shown in browser tabs."))
    announcement = models.CharField(
        _("announcement bar text"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Free shipping over 50 €”. Leave empty to hide the bar."),
    )
    announcement_link = LinkField(
        _("announcement bar link"),
        max_length=500,
        blank=True,
        help_text=_("A path on this shop (/collections/sale/) or a full web address."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    instagram = WebAddressField(_("Instagram"), blank=True)
    facebook = WebAddressField(_("Facebook"), blank=True)
    tiktok = WebAddressField(_("TikTok"), blank=True)
    x = WebAddressField(_("X (Twitter)"), blank=True)
    youtube = WebAddressField(_("YouTube"), blank=True)
    pinterest = WebAddressField(_("Pinterest"), blank=True)
    default_seo_image = _image(
        _("default sharing image"),
        _("Used by pages with no sharing image of their own (Open Graph, Twitter cards)."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("favicon"), FieldPanel("default_seo_image")],
            heading=_("Pictures"),
        ),
        MultiFieldPanel(
            [FieldPanel("announcement"), FieldPanel("announcement_link")],
            heading=_("Announcement bar"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact details"),
        ),
        MultiFieldPanel([FieldPanel(n) for n in SOCIAL_NETWORKS], heading=_("Social links")),
    ]

    class Meta:
        verbose_name = _("storefront settings")

    def save(self, *args, **kwargs):
        """Saved from Wagtail's settings form (or a service): storefronts must see it."""
        super().save(*args, **kwargs)
        invalidate_storefront_chrome()

    @property
    def social_links(self) -> list[tuple[str, str, str]]:
        """``(network, label, url)`` for each network the merchant filled in."""
        return [
            (name, str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in SOCIAL_NETWORKS
            if is_safe_link(getattr(self, name), web_only=True)  # as stored before the rule
        ]

    @property
    def has_contact_details(self) -> bool:
        return bool(self.contact_email or self.contact_phone or self.address)


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """Header and footer menus: links to pages, collections, products or URLs.

    A menu entry may hold links of its own (one level): a drop-down in the header, a
    column in the footer.
    """

    header_menu = StreamField(MenuBlock(), verbose_name=_("header menu"), blank=True)
    footer_menu = StreamField(MenuBlock(), verbose_name=_("footer menu"), blank=True)

    panels = [FieldPanel("header_menu"), FieldPanel("footer_menu")]

    class Meta:
        verbose_name = _("menus")

    def save(self, *args, **kwargs):
        """Saved from Wagtail's settings form (or a service): storefronts must see it."""
        super().save(*args, **kwargs)
        invalidate_storefront_chrome()
