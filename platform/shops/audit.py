"""The one way an entry gets into a shop's audit trail (``ShopEvent``, public schema).

Every app that changes a shop's life, access, subscription or Stripe account records
it here: ``action`` is one of ``ShopEvent.Action`` (an unknown one fails loudly, not
a free string in the log), ``actor`` the account that acted.

The shop's own activity inside its schema (a product edited, stock set) is Wagtail's
log (``ModelLogEntry``, per shop); this trail is the platform's, shown to the owner
as "Activity" in the shop admin and to the platform admin in the console.
"""

from __future__ import annotations

from django.contrib.auth.base_user import (
    AbstractBaseUser as User,  # the platform account (AUTH_USER_MODEL); accounts sits above shops
)

from kernel.schemas import public_schema
from shops.models import ShopEvent

ACTOR_NAME_MAX_LENGTH = ShopEvent._meta.get_field("actor_name").max_length


def _account_id(actor: User) -> int:
    """The platform account behind ``actor``.

    A shop's staff user (in the shop admin, ``request.user``) always carries its
    account's id (``platform_account_id``: there is no other way into a shop admin);
    a platform account is its own.
    """
    return actor.platform_account_id if actor.platform_account_id is not None else actor.pk


def shop_event_record(
    *,
    shop,
    action: ShopEvent.Action | str,
    actor: User | None = None,
    actor_name: str = "",
    **detail,
) -> ShopEvent:
    """Record ``action`` on ``shop``.

    ``actor``: the account that acted, or a shop's staff user standing for it;
    ``actor_name`` defaults to its e-mail and names a system actor when there is no
    account ("billing", "manage.py"). ``detail`` is kept as JSON.
    """
    action = ShopEvent.Action(action)
    if actor is not None and not actor_name:
        actor_name = actor.email
    with public_schema():
        return ShopEvent.objects.create(
            shop=shop,
            subdomain=shop.subdomain,
            action=action,
            actor_id=_account_id(actor) if actor is not None else None,
            actor_name=(actor_name or "")[:ACTOR_NAME_MAX_LENGTH],
            detail=detail,
        )
