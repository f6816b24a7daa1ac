"""Deleting users without crossing schemas.

``accounts.User`` is installed in the public schema *and* in every shop's schema,
so Django's deletion collector sees relations from both worlds: deleting a platform
account would look for Wagtail's user profiles (a shop-only table that does not
exist in public), and deleting a shop's user would look at public tables through
``search_path``. This collector only follows relations whose model lives in the
schema the connection is in.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models.deletion import Collector
from django_tenants.utils import get_public_schema_name


def _apps_in_current_schema() -> set[str]:
    if connection.schema_name == get_public_schema_name():
        return set(settings.SHARED_APPS)
    return set(settings.TENANT_APPS)


class SchemaCollector(Collector):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._installed_here = _apps_in_current_schema()

    def related_objects(self, related_model, related_fields, objs):
        config = apps.get_app_config(related_model._meta.app_label)
        # Listed by name or by AppConfig path (the admin is, console.apps), as
        # django-tenants' router reads the lists.
        names = {config.name, f"{type(config).__module__}.{type(config).__qualname__}"}
        if not names & self._installed_here:
            return related_model._base_manager.using(self.using).none()
        return super().related_objects(related_model, related_fields, objs)


def delete_in_current_schema(objs, *, using: str = "default") -> tuple[int, dict]:
    """``Model.delete()`` / ``QuerySet.delete()`` with the schema-aware collector."""
    collector = SchemaCollector(using=using, origin=objs)
    collector.collect(objs)
    return collector.delete()
