"""``theme`` in every storefront template: ``theme.settings.<id>``, ``theme.css``, …"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from themes.selectors import theme_for_request

# Wagtail's admin components take a ``theme`` argument of their own (dialogs,
# dropdowns); a global ``theme`` would leak into them, so the admin gets none.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def theme(request) -> dict:
    if getattr(request, "shop", None) is None or request.path.startswith(ADMIN_PREFIXES):
        return {}
    return {"theme": SimpleLazyObject(lambda: theme_for_request(request))}
