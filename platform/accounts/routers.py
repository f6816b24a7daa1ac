"""Keep the identity tables in the public schema only.

``accounts`` is installed in both schemas (its ``User`` is a platform account in
public and a staff user or shopper in each shop), so django-tenants would create
every ``accounts`` table in every shop schema too. Memberships, invitations,
agencies and sign-on tickets are the platform's records: a copy per shop would be
empty at best and, worse, would shadow the public table on a shop's
``search_path``. This router, placed before django-tenants' own, refuses those
models outside the public schema and leaves every other decision to it.
"""

from __future__ import annotations

from django.db import connections
from django_tenants.utils import get_public_schema_name

PUBLIC_ONLY_MODELS = frozenset(
    [
        "membership",
        "invitation",
        "ownershiptransfer",
        "agency",
        "agencymember",
        "collaboratorcode",
        "collaboratoraccess",
        "ssoticket",
        "shopstats",
    ]
)


class PublicOnlyIdentityRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label != "accounts" or model_name not in PUBLIC_ONLY_MODELS:
            return None

        return connections[db].schema_name == get_public_schema_name()
