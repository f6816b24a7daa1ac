"""Writes of the storefront CMS: a new shop's home page and site, site settings and
menus, newsletter sign-ups (contact forms: ``cms.contact``).

``site_create`` is the named seam through which provisioning (``shops.services``, a
platform app) reaches this app (``.importlinter``). The settings and menus are written
here whether the change comes from the shop admin's settings forms or from a command
(the demo): checked, saved (which drops the storefront's cached header and footer on
commit) and recorded in Wagtail's audit log with the staff ``user`` who made it (none
for commands).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from cms.menus import MENUS, menu_stream
from cms.models import HomePage, NavigationSettings, NewsletterSignup, StorefrontSettings
from notifications.services import email_branding_update

logger = logging.getLogger(__name__)


def site_create(*, name: str, hostname: str, body=()) -> Site:
    """A new shop's storefront: its home page (published, with the blocks in
    ``body``) under Wagtail's root, and the default Site answering on ``hostname``.
    Run inside the new shop's schema."""
    root = Page.get_first_root_node()
    now = timezone.now()
    home = HomePage(
        title=name,
        slug="home",
        live=True,
        body=list(body),
        first_published_at=now,
        last_published_at=now,
    )
    root.add_child(instance=home)
    # Default site: the shop answers on its subdomain and, later, custom domains.
    return Site.objects.create(
        hostname=hostname, port=80, root_page=home, is_default_site=True, site_name=name
    )


def newsletter_subscribe(*, email: str, source: str = "") -> tuple[NewsletterSignup, bool]:
    """Add an address to the shop's newsletter list; ``(signup, created)``.

    An address already on the list (in any letter case) is not added again and is
    not an error: the shopper is told they are subscribed. A malformed address
    raises ``ValidationError`` with a message for the shopper.
    """
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address, e.g. name@example.com.")) from None
    existing = NewsletterSignup.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signup = NewsletterSignup.objects.create(email=email, source=source[:500])
    except IntegrityError:
        # The same address signed up by a concurrent request: the unique index decided.
        return NewsletterSignup.objects.get(email__iexact=email), False
    return signup, True


def _setting_update(model, *, site, user, changes: dict):
    editable = {f.name for f in model._meta.get_fields() if getattr(f, "editable", False)}
    unknown = set(changes) - (editable - {"id", "site"})
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        setting = model.for_site(site)
        for name, value in changes.items():
            setattr(setting, name, value)
        setting.full_clean(exclude=["site"])
        setting.save()
        log(instance=setting, action="wagtail.edit", user=user, content_changed=True)
    return setting


def storefront_settings_update(*, site, user=None, **changes) -> StorefrontSettings:
    """Change the shop's storefront settings (logo, announcement bar, contact, social).

    The logo and contact address are copied to the e-mail branding too
    (``notifications``): e-mails show the logo and are answered at that address."""
    with transaction.atomic():
        setting = _setting_update(StorefrontSettings, site=site, user=user, changes=changes)
        email_branding_sync(setting)
    return setting


def email_branding_sync(setting: StorefrontSettings) -> None:
    """Copy the logo (the header's rendition) and contact address to the e-mails."""
    logo = {"logo_url": "", "logo_width": None, "logo_height": None}
    if setting.logo is not None:
        rendition = setting.logo.get_rendition("height-80")
        logo = {
            "logo_url": rendition.url,
            "logo_width": rendition.width // 2,
            "logo_height": rendition.height // 2,
        }
    email_branding_update(contact_email=setting.contact_email, **logo)


def navigation_settings_update(*, site, user=None, **changes) -> NavigationSettings:
    """Change the shop's header and footer menus (``header_menu``, ``footer_menu``)."""
    return _setting_update(NavigationSettings, site=site, user=user, changes=changes)


def menu_save(*, site, menu: str, entries: list, user=None) -> NavigationSettings:
    """Replace menu ``menu`` (``header`` or ``footer``) with the tree ``entries``.

    The whole tree is checked first (``cms.menus.menu_stream``: two levels, targets
    that exist, safe addresses) and written in one transaction, so a menu is never
    half saved; the save drops the storefront's cached menus and pages on commit.
    """
    if menu not in MENUS:
        raise ValidationError(_("There is no menu called “%s”.") % menu)
    with transaction.atomic():
        stream = menu_stream(entries)
        return navigation_settings_update(site=site, user=user, **{MENUS[menu]: stream})


def _menu_links_page(raw_entries, page_id: int) -> bool:
    for entry in raw_entries or []:
        value = entry.get("value") or {}
        if value.get("page") == page_id:
            return True
        for child in value.get("children") or []:
            child = child.get("value", child) if isinstance(child, dict) else {}
            if isinstance(child, dict) and child.get("page") == page_id:
                return True
    return False


def menu_page_join(*, page, user=None) -> bool:
    """Add a just-published top-level page to the header menu; True if it was added.

    Only on the page's first publication (republishing a page the merchant took out
    of the menu must not put it back), only for a page directly under the home page,
    and only if the merchant left "Add to the main menu" (``show_in_menus``) ticked.
    A page already in the menu is not added twice.
    """
    if not page.show_in_menus or page.first_published_at is None:
        return False
    if page.last_published_at and page.last_published_at != page.first_published_at:
        return False
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or page.get_parent().pk != site.root_page_id:
        return False
    with transaction.atomic():
        navigation = NavigationSettings.for_site(site)
        raw = list(navigation.header_menu.raw_data)
        if _menu_links_page(raw, page.pk):
            return False
        entry = {"label": "", "page": page.pk, "collection": None, "product": None, "url": ""}
        raw.append({"type": "item", "value": {**entry, "children": []}})
        navigation_settings_update(site=site, user=user, header_menu=raw)
    return True
