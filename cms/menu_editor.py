"""Content › Menus: the header and footer menus as a tree, edited in one page.

The page shows the tree (``cms.menus.menu_tree``), drag-and-drop to reorder and
nest (``cms/static/cms/menu-editor.js``, a small script of our own served from the
admin's origin, so it needs no inline script or CDN), one target picker per entry,
and saves the whole tree in one POST through ``cms.services.menu_save``. A refusal
comes back with each message on its entry and the tree as the merchant left it.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Site

from cms.menus import MENUS, menu_targets, menu_tree
from cms.models import NavigationSettings
from cms.services import menu_save

PERMISSION = "cms.change_navigationsettings"
TREE_MAX_BYTES = 200_000


def _requires_permission(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _names() -> dict[str, str]:
    return {"header": _("Header menu"), "footer": _("Footer menu")}


def _site(request) -> Site:
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


@_requires_permission
def index(request):
    return redirect("menus_admin:edit", menu="header")


@_requires_permission
@require_http_methods(["GET", "POST"])
def edit(request, menu):
    if menu not in MENUS:
        raise Http404
    site = _site(request)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        raw = request.POST.get("tree", "")
        try:
            if len(raw) > TREE_MAX_BYTES:
                raise ValueError
            tree = json.loads(raw)
        except ValueError:
            tree = None
        try:
            menu_save(site=site, menu=menu, entries=tree, user=request.user)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            status = 400
        else:
            messages.success(request, _("%(menu)s saved.") % {"menu": _names()[menu]})
            return redirect("menus_admin:edit", menu=menu)
        if not isinstance(tree, list):
            tree = menu_tree(NavigationSettings.for_site(site), menu)
    else:
        tree = menu_tree(NavigationSettings.for_site(site), menu)
    name = _names()[menu]
    return TemplateResponse(
        request,
        "cms/admin/menu_editor.html",
        {
            "menu": menu,
            "menus": [
                (key, label, reverse("menus_admin:edit", args=[key]))
                for key, label in _names().items()
            ],
            "editor": {
                "tree": tree,
                "errors": errors,
                "searchUrl": reverse("menus_admin:targets"),
                "text": {
                    "untitled": _("New entry"),
                    "edit": _("Edit"),
                    "done": _("Done"),
                    "remove": _("Remove"),
                    "up": _("Move up"),
                    "down": _("Move down"),
                    "indent": _("Put under the entry above"),
                    "outdent": _("Move out one level"),
                    "label": _("Label"),
                    "labelHelp": _("Leave empty to use the title of what it links to."),
                    "type": _("Links to"),
                    "page": _("Page"),
                    "collection": _("Collection"),
                    "product": _("Product"),
                    "url": _("Web address"),
                    "urlHelp": _(
                        "A full address (https://…), a path on this shop (/search/), "
                        "mailto: or tel:."
                    ),
                    "search": _("Search"),
                    "noResults": _("Nothing found."),
                    "none": _("Not chosen yet"),
                    "chosen": _("Links to"),
                    "missing": _("Deleted — choose another"),
                    "nothing": _("No link (a heading for the links under it)"),
                    "dragHint": _(
                        "Drag to reorder; drop onto the middle of an entry to put it under "
                        "that entry."
                    ),
                },
            },
            "errors_above": errors.get("", []),
            "page_title": name,
            "header_title": name,
            "header_icon": "list-ul",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": "", "label": _("Menus")},
            ],
        },
        status=status,
    )


@_requires_permission
@require_GET
def targets(request):
    kind = request.GET.get("type", "")
    return JsonResponse({"results": menu_targets(kind, request.GET.get("q", ""))})
