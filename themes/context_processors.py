"""``theme`` in every storefront template: ``theme.settings.<id>``, ``theme.css``, …"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from themes.selectors import theme_for_request

# Wagtail's admin components take a ``theme`` argument of their own (dialogs,
# dropdowns); a global ``theme`` would leak into them, so admin pages get none —
# except the views that render a storefront page (Wagtail's page previews).
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_STOREFRONT_VIEWS = ("preview_on_add", "preview_on_edit", "view_draft", "revisions_view")


def _renders_storefront(request) -> bool:
    if not request.path.startswith(ADMIN_PREFIXES):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name in ADMIN_STOREFRONT_VIEWS)


def theme(request) -> dict:
    if getattr(request, "shop", None) is None or not _renders_storefront(request):
        return {}
    return {"theme": SimpleLazyObject(lambda: theme_for_request(request))}
