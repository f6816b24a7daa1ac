"""The shop admin's main menu, in the merchant's words: one literal table.

Every app registers its own admin menu item (``register_admin_menu_item`` or
``register_settings_menu_item``) with a ``name`` from the table below, guarded by
the permission its views check. This module does not decide who sees what — an item
the user may not open never reaches it — only *where* each visible item goes: the
``construct_main_menu`` hook (registered last) takes the items Wagtail built for the
request, dissolves every submenu (Wagtail's "Settings", "Reports", snippet groups)
into its leaves, and rebuilds the menu section by section from ``MENU``. A name that
no app registers yet is skipped; a leaf that no section names (Wagtail's Sites,
Workflows, Redirects, image collections, page reports, anything a new app forgets)
goes under "Advanced", at the bottom, so nothing becomes unreachable and nothing
internal sits beside Shipping and Taxes.

Wagtail reuses two names for different things ("collections": product collections
and Wagtail's image collections under Settings; "workflows": the settings page and
the report), so a leaf is known by ``ALIASES[parent/name]`` first, then by its name.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.models import Site


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    icon: str
    items: tuple[str, ...]


MENU: tuple[Section, ...] = (
    Section("orders", _("Orders"), "list-ul", ("orders", "draft-orders", "abandoned-checkouts")),
    Section("products", _("Products"), "tag", ("products", "collections", "inventory", "imports")),
    Section("customers", _("Customers"), "group", ("customers", "customer-segments", "newsletter")),
    Section("content", _("Content"), "doc-full", ("pages", "menus", "blog", "images", "documents")),
    Section("discounts", _("Discounts"), "tag", ("discounts",)),
    Section("analytics", _("Analytics"), "view", ("analytics",)),
    Section("online-store", _("Online store"), "desktop", ("theme", "preferences")),
    Section(
        "settings",
        _("Settings"),
        "cogs",
        (
            "store-details",
            "payments",
            "shipping",
            "taxes",
            "tax-settings",
            "domains",
            "team",
            "billing",
            "notifications",
            "apps",
            "activity",
        ),
    ),
)
ADVANCED = Section("advanced", _("Advanced"), "cog", ())

# Leaves known by another name than their own: "<parent>/<name>" or "<name>".
ALIASES = {
    "explorer": "pages",
    "settings/collections": "image-collections",
    "reports/workflows": "workflow-report",
    "reports/workflow-tasks": "workflow-task-report",
}
# Labels the merchant reads instead of Wagtail's (its own names are ambiguous here).
LABELS = {
    "pages": _("Pages"),
    "preferences": _("Preferences"),
    "image-collections": _("Image and file collections"),
    "workflow-report": _("Workflow report"),
    "workflow-task-report": _("Workflow task report"),
}
# Wagtail's help menu links to guide.wagtail.org: the shop admin links to no third party.
DROPPED = frozenset({"help"})


class PlacedMenu(Menu):
    """A submenu of leaves already checked for this request (``is_shown``)."""

    def __init__(self, items: list[MenuItem]) -> None:
        super().__init__(items=items)

    def menu_items_for_request(self, request):
        return list(self.initial_menu_items)


def _leaves(request, items, parent: str = ""):
    """``(key, item)`` for every link in ``items``, submenus dissolved."""
    for item in items:
        if item.name in DROPPED:
            continue
        if isinstance(item, SubmenuMenuItem):
            yield from _leaves(request, item.menu.menu_items_for_request(request), item.name)
            continue
        key = ALIASES.get(f"{parent}/{item.name}") or ALIASES.get(item.name) or item.name
        yield key, item


def _pages_item(request, item: MenuItem) -> MenuItem:
    """Pages open at the shop's home page, not at Wagtail's "Root" (which speaks of
    "sites in your Wagtail installation"): each shop's schema has one site."""
    site = Site.find_for_request(request)
    url = reverse("wagtailadmin_explore", args=[site.root_page_id]) if site else item.url
    return MenuItem(LABELS["pages"], url, name="pages", icon_name="doc-empty-inverse")


def _placed(request, key: str, item: MenuItem, order: int) -> MenuItem:
    if key == "pages":
        placed = _pages_item(request, item)
    else:
        placed = copy.copy(item)
        placed.name = key
        if key in LABELS:
            placed.label = LABELS[key]
    placed.order = order
    return placed


def _section_item(section: Section, placed: list[MenuItem], order: int) -> MenuItem:
    if len(placed) == 1 and placed[0].name == section.name:
        # A section of one page is a plain link under the section's own label.
        only = placed[0]
        return MenuItem(
            section.label,
            only.url,
            name=section.name,
            icon_name=section.icon,
            attrs=only.attrs,
            order=order,
        )
    return SubmenuMenuItem(
        section.label, PlacedMenu(placed), name=section.name, icon_name=section.icon, order=order
    )


def merchant_menu(request, menu_items: list[MenuItem]) -> list[MenuItem]:
    """The menu of ``MENU`` built from the visible ``menu_items``."""
    found: dict[str, MenuItem] = {}
    for key, item in _leaves(request, menu_items):
        if key in found:  # a second item under a taken name: Advanced, never dropped
            key = f"{key}-{len(found)}"
        found[key] = item
    menu = [
        MenuItem(_("Home"), reverse("wagtailadmin_home"), name="home", icon_name="home", order=0)
    ]
    placed_keys = set()
    for index, section in enumerate(MENU, start=1):
        placed = [
            _placed(request, key, found[key], order)
            for order, key in enumerate(section.items)
            if key in found
        ]
        placed_keys.update(p.name for p in placed)
        if placed:
            menu.append(_section_item(section, placed, index * 100))
    rest = [
        _placed(request, key, item, order)
        for order, (key, item) in enumerate(found.items())
        if key not in placed_keys
    ]
    if rest:
        menu.append(_section_item(ADVANCED, rest, (len(MENU) + 1) * 100))
    return menu


def arrange_main_menu(request, menu_items):
    menu_items[:] = merchant_menu(request, menu_items)
