"""The shop admin's staff roles as Wagtail groups: Products, Orders, Content, Settings.

A shop's staff users, groups and permissions live in the shop's schema, so the groups
are made per shop, in the current schema. Single sign-on from a platform membership
(``accounts.shop_staff``) maps a membership's role to these group names; keeping the
names and their rights here, in one list, means a new admin page gets its permission
added to a role in the same commit. The apps are named by label, not imported: a
platform app may not import the shop apps.

``staff_groups_ensure`` is idempotent: it creates what is missing and resets each
group's model permissions to the role's list (the role is defined by code; a
merchant's own groups are left alone).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

ALL = "*"
ADMIN_ACCESS = ("wagtailadmin", ["access_admin"])

# Role name -> (app_label, codenames or ALL) of Django model permissions.
ROLE_PERMISSIONS: dict[str, list[tuple[str, list[str] | str]]] = {
    "Products": [
        ADMIN_ACCESS,
        ("catalog", ALL),
        ("inventory", ["view_stocklevel", "change_stocklevel", "view_location"]),
        ("discounts", ALL),
    ],
    "Orders": [
        ADMIN_ACCESS,
        ("orders", ALL),
        ("payments", ["view_payment", "view_paymentattempt"]),
        ("customers", ALL),
    ],
    "Content": [
        ADMIN_ACCESS,
        ("wagtailredirects", ALL),
        ("wagtailforms", ALL),
    ],
    "Settings": [
        ADMIN_ACCESS,
        ("shipping", ALL),
        ("taxes", ALL),
    ],
}

# Wagtail checks pages per subtree and images/documents per collection, not through
# model permissions: these are granted on the root page and the root collection.
PAGE_PERMISSIONS = {
    "Content": ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
}
COLLECTION_PERMISSIONS = {
    "Products": [("wagtailimages", ["add_image", "change_image", "choose_image"])],
    "Content": [
        ("wagtailimages", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", ["add_document", "change_document", "choose_document"]),
    ],
}


def staff_groups_ensure() -> dict[str, Group]:
    """Create or update the four role groups in the current shop's schema; by name.

    Raises ``LookupError`` naming any permission that does not exist (an app renamed
    or a codename mistyped), rather than silently giving a role fewer rights.
    """
    groups = {}
    with transaction.atomic():
        root_page = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        for name, grants in ROLE_PERMISSIONS.items():
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.set(_permissions(grants))
            for permission in _permissions(
                [("wagtailcore", PAGE_PERMISSIONS.get(name, []))], allow_empty=True
            ):
                if root_page is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
            for permission in _permissions(COLLECTION_PERMISSIONS.get(name, []), allow_empty=True):
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
            groups[name] = group
    return groups


def _permissions(grants, *, allow_empty: bool = False) -> list[Permission]:
    query = Q(pk__in=[])
    wanted = set()
    for app_label, codenames in grants:
        if codenames == ALL:
            query |= Q(content_type__app_label=app_label)
        elif codenames:
            query |= Q(content_type__app_label=app_label, codename__in=codenames)
            wanted |= {(app_label, codename) for codename in codenames}
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing or (not found and not allow_empty):
        raise LookupError(f"Unknown permissions: {sorted(missing) or grants}")
    return found
