"""A platform account's staff user inside one shop's schema, and its Wagtail groups.

Runs with the connection in the shop's schema. Single sign-on calls
``staff_user_for_access`` on every hand-off, so the shop's staff user always
follows the membership: role ``owner``/``admin`` -> superuser; ``staff`` (and an
agency collaborator) -> the Wagtail groups named after the chosen permissions.

``staff_groups_ensure`` returns the per-shop groups; the shop-side service
``accounts.staff_roles.staff_groups_ensure`` creates them and
owns each role's rights.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import PERMISSIONS, Role, User
from accounts.staff_roles import staff_groups_ensure as shop_groups_ensure

GROUP_NAMES = {
    "products": "Products",
    "orders": "Orders",
    "content": "Content",
    "settings": "Settings",
}


def staff_groups_ensure() -> dict[str, Group]:
    """The four staff groups of the current shop, by role key.

    One query when they exist (every hand-off calls this); otherwise the shop-side
    service ``accounts.staff_roles.staff_groups_ensure`` creates them with their rights, so
    what each role may do is defined once, next to the apps it grants.
    """
    groups = {g.name: g for g in Group.objects.filter(name__in=GROUP_NAMES.values())}
    if len(groups) < len(GROUP_NAMES):
        groups = shop_groups_ensure()
    return {key: groups[name] for key, name in GROUP_NAMES.items()}


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

    Provisioning makes the owner's staff user already linked; a shop provisioned
    before that made it unlinked, and it is adopted here only for the shop's owner
    account *and* its e-mail, never by e-mail alone.
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
    if user.has_usable_password():
        # Staff enter only by sign-on; a password (a user provisioned before this
        # rule) would be a second way in. Only when usable: a new unusable value
        # would change the session hash and end this user's other sessions.
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


def has_settings_role(user) -> bool:
    """Owners and admins (superusers of the shop), and staff given the Settings
    role: who may manage the shop's payments and domains."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=GROUP_NAMES["settings"]).exists()
