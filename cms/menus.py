"""The shop's menus as a tree of entries, for the menu editor, and back again.

Menus are stored as ``NavigationSettings.header_menu`` / ``footer_menu`` (a
``MenuBlock`` StreamField: top-level entries, each with links under it — two
levels). The editor works on a plain tree instead, one entry per node::

    {"label": "Shop", "type": "collection", "target": 3, "children": [ ... ]}

``type`` is one of ``page``, ``collection``, ``product``, ``url`` and ``target``
the chosen object's id (or the address, for ``url``): one target per entry, where
the StreamField holds four optional fields. ``menu_stream`` checks a whole tree
(two levels at most, every target existing, every address passing the link rule of
``shops.links``) and returns the StreamField's raw data, or raises one
``ValidationError`` whose keys are entry paths ("2", "2.1": the second entry, its
first child) so the editor can put each message on its entry.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Page

from catalog.models import Collection, Product
from cms.models import NavigationSettings
from shops.links import validate_link

MENUS = {"header": "header_menu", "footer": "footer_menu"}
TARGET_TYPES = ("page", "collection", "product", "url")
MAX_DEPTH = 2
MAX_ENTRIES = 200
LABEL_MAX_LENGTH = 80
URL_MAX_LENGTH = 500
SEARCH_LIMIT = 20

_MODELS = {"page": Page, "collection": Collection, "product": Product}


def _target_of(value: dict) -> tuple[str, object]:
    for name in TARGET_TYPES:
        if value.get(name):
            return name, value[name]
    return "url", ""


def menu_tree(settings: NavigationSettings, menu: str) -> list[dict]:
    """The stored menu as the editor's tree, with each target's title (one query
    per target type, whatever the menu's length)."""
    raw = list(getattr(settings, MENUS[menu]).raw_data)
    entries = []
    wanted: dict[str, set] = {name: set() for name in _MODELS}
    for block in raw:
        value = block.get("value") or {}
        kind, target = _target_of(value)
        children = []
        for child in value.get("children") or []:
            child_value = child.get("value", child) if isinstance(child, dict) else {}
            child_kind, child_target = _target_of(child_value)
            children.append(
                {
                    "label": child_value.get("label") or "",
                    "type": child_kind,
                    "target": child_target,
                }
            )
            if child_kind in wanted:
                wanted[child_kind].add(child_target)
        entries.append(
            {
                "label": value.get("label") or "",
                "type": kind,
                "target": target,
                "children": children,
            }
        )
        if kind in wanted:
            wanted[kind].add(target)
    titles = {
        kind: dict(_MODELS[kind].objects.filter(pk__in=ids).values_list("pk", "title"))
        for kind, ids in wanted.items()
        if ids
    }
    for entry in entries:
        for node in (entry, *entry["children"]):
            if node["type"] == "url":
                node["title"] = node["target"]
            else:
                node["title"] = titles.get(node["type"], {}).get(node["target"], "")
                node["missing"] = not node["title"]
    return entries


def menu_stream(entries) -> list[dict]:
    """``entries`` (the editor's tree) checked and turned into the StreamField's raw
    data; ``ValidationError`` keyed by entry path when anything is wrong."""
    if not isinstance(entries, list):
        raise ValidationError(_("The menu could not be read. Reload the page and try again."))
    errors: dict[str, list[str]] = {}
    wanted: dict[str, dict] = {name: {} for name in _MODELS}
    count = 0

    def clean(node, path: str, depth: int) -> dict | None:
        nonlocal count
        count += 1
        if not isinstance(node, dict):
            errors[path] = [_("This entry could not be read.")]
            return None
        label = node.get("label") or ""
        kind = node.get("type") or "url"
        target = node.get("target")
        children = node.get("children") or []
        if not isinstance(label, str) or kind not in TARGET_TYPES or not isinstance(children, list):
            errors[path] = [_("This entry could not be read.")]
            return None
        label = " ".join(label.split())
        problems = []
        if len(label) > LABEL_MAX_LENGTH:
            problems.append(
                _("A label has at most %(max)d characters.") % {"max": LABEL_MAX_LENGTH}
            )
        if children and depth >= MAX_DEPTH:
            problems.append(
                _("Menus have two levels: an entry under another cannot hold entries of its own.")
            )
        value = {"label": label, "page": None, "collection": None, "product": None, "url": ""}
        has_target = target not in (None, "")
        if kind == "url" and has_target:
            url = str(target).strip()
            try:
                if len(url) > URL_MAX_LENGTH:
                    raise ValidationError(
                        _("A web address has at most %(max)d characters.") % {"max": URL_MAX_LENGTH}
                    )
                validate_link(url)
            except ValidationError as error:
                problems.extend(error.messages)
            value["url"] = url
        elif has_target:
            try:
                pk = int(target)
            except (TypeError, ValueError):
                pk = None
            if pk is None or isinstance(target, bool):
                problems.append(_("This entry could not be read."))
            else:
                value[kind] = pk
                wanted[kind].setdefault(pk, []).append(path)
        elif not (depth == 1 and label and children):
            # A heading with links under it (a footer column) may link nowhere itself.
            problems.append(
                _("Choose where this entry goes: a page, a collection, a product or a web address.")
            )
        if problems:
            errors[path] = problems
        if depth == 1:
            value["children"] = [
                child
                for i, node_child in enumerate(children, 1)
                if (child := clean(node_child, f"{path}.{i}", depth + 1)) is not None
            ]
        return value

    cleaned = [
        value for i, node in enumerate(entries, 1) if (value := clean(node, str(i), 1)) is not None
    ]
    if count > MAX_ENTRIES:
        raise ValidationError(
            _("A menu has at most %(max)d entries.") % {"max": MAX_ENTRIES}, code="too_many"
        )
    for kind, paths_by_pk in wanted.items():
        if not paths_by_pk:
            continue
        queryset = _MODELS[kind].objects.filter(pk__in=paths_by_pk)
        if kind == "page":
            queryset = queryset.filter(depth__gt=1)  # not Wagtail's root
        found = set(queryset.values_list("pk", flat=True))
        for pk, paths in paths_by_pk.items():
            if pk not in found:
                for path in paths:
                    errors.setdefault(path, []).append(
                        _("The chosen %(kind)s no longer exists; choose another.")
                        % {"kind": _type_name(kind)}
                    )
    if errors:
        raise ValidationError(errors)
    return [{"type": "item", "id": str(uuid.uuid4()), "value": value} for value in cleaned]


def _type_name(kind: str) -> str:
    return {
        "page": _("page"),
        "collection": _("collection"),
        "product": _("product"),
        "url": _("web address"),
    }[kind]


def menu_targets(kind: str, query: str) -> list[dict]:
    """What the editor's chooser offers for ``kind`` matching ``query`` (a few)."""
    query = " ".join((query or "").split())[:100]
    if kind == "page":
        pages = Page.objects.filter(depth__gt=1).order_by("path")
        if query:
            pages = pages.filter(title__icontains=query)
        return [
            {"id": pk, "title": title, "hint": url_path.split("/", 2)[-1] or "/"}
            for pk, title, url_path in pages.values_list("pk", "title", "url_path")[:SEARCH_LIMIT]
        ]
    if kind in ("collection", "product"):
        objects = _MODELS[kind].objects.order_by("title")
        if kind == "product":
            objects = objects.exclude(status=Product.Status.ARCHIVED)
        if query:
            objects = objects.filter(title__icontains=query)
        prefix = "/collections/" if kind == "collection" else "/products/"
        return [
            {"id": pk, "title": title, "hint": f"{prefix}{handle}/"}
            for pk, title, handle in objects.values_list("pk", "title", "handle")[:SEARCH_LIMIT]
        ]
    return []
