"""A platform account's staff user inside one shop's schema, and its Wagtail groups.

Runs with the connection in the shop's schema. Single sign-on calls
``staff_user_for_access`` on every hand-off, so the shop's staff user always
follows the membership: role ``owner``/``admin`` -> superuser; ``staff`` (and an
agency collaborator) -> the Wagtail groups named after the chosen permissions.

``staff_groups_ensure`` is the one place that creates the per-shop groups. The
``tenants`` side is getting its own ``staff_groups_ensure()``; when it lands, make
this function call it (the group names are the same) — nothing else here changes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.identity import PERMISSIONS, Role
from accounts.models import User

GROUP_NAMES = {
    "products": "Products",
    "orders": "Orders",
    "content": "Content",
    "settings": "Settings",
}

# Django model permissions each group gets, by app label (every model of the app).
_GROUP_APPS = {
    "products": ["catalog", "inventory", "discounts"],
    "orders": ["orders", "customers"],
    "content": ["cms", "storefront", "wagtailredirects", "wagtailforms", "wagtaildocs"],
    "settings": ["shipping", "taxes", "payments", "wagtailcore_site", "wagtailsites"],
}
_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "delete_page", "lock_page"]
_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image", "delete_image"]


def staff_groups_ensure() -> dict[str, Group]:
    """The four staff groups of the current shop, created with their permissions
    the first time (one query when they already exist)."""
    groups = {g.name: g for g in Group.objects.filter(name__in=GROUP_NAMES.values())}
    if len(groups) == len(GROUP_NAMES):
        return {key: groups[name] for key, name in GROUP_NAMES.items()}
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    result = {}
    for key, name in GROUP_NAMES.items():
        group, created = Group.objects.get_or_create(name=name)
        result[key] = group
        if not created and name in groups:
            continue
        apps = _GROUP_APPS[key]
        perms = Permission.objects.filter(
            Q(content_type__app_label__in=apps)
            | Q(content_type__app_label="wagtailcore", content_type__model="site")
            if key == "settings"
            else Q(content_type__app_label__in=apps)
        )
        group.permissions.add(access_admin, *perms)
        if key in ("content", "products"):
            collection = Collection.get_first_root_node()
            for codename in _IMAGE_PERMISSIONS:
                perm = Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=perm
                )
        if key == "content":
            root = Page.get_first_root_node()
            for codename in _PAGE_PERMISSIONS:
                perm = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
    return result


def _free_email(account_email: str, account_id: int) -> str:
    """The staff user's e-mail: the account's, unless someone in this shop (a
    shopper, an older staff user) already has it — never take their row over."""
    if not User.objects.filter(email__iexact=account_email).exists():
        return account_email
    return f"staff+{account_id}@{settings.PLATFORM_DOMAIN}"


def staff_user_for_access(
    *,
    account_id: int,
    account_email: str,
    role: str,
    permissions: list[str],
    is_shop_owner: bool = False,
    support: bool = False,
) -> User:
    """Find or create the staff user linked to ``account_id`` in the current shop
    and make its access match ``role``/``permissions``.

    The first owner's staff user is made by provisioning before any link exists;
    it is adopted here only for the shop's owner account *and* its e-mail, never by
    e-mail alone.
    """
    user = User.objects.filter(platform_account_id=account_id).first()
    if user is None and is_shop_owner:
        user = User.objects.filter(
            email__iexact=account_email, platform_account_id__isnull=True, is_superuser=True
        ).first()
        if user is not None:
            user.platform_account_id = account_id
    if user is None:
        user = User(email=_free_email(account_email, account_id), platform_account_id=account_id)
        user.set_unusable_password()
    full = support or role in (Role.OWNER, Role.ADMIN)
    user.is_staff = True
    user.is_active = True
    user.is_superuser = full
    user.save()
    if full:
        user.groups.clear()
    else:
        groups = staff_groups_ensure()
        user.groups.set([groups[p] for p in permissions if p in PERMISSIONS])
    return user
