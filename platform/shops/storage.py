"""Media storage with one prefix per shop, named by its schema.

The prefix is taken from the connection's current schema at every call, never from
the file name, so nothing a shop stores or asks for can name another shop's key:
``safe_join`` refuses names that climb out of the prefix (``..``, absolute paths).
"""

from __future__ import annotations

import os
import shutil

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from storages.backends.s3 import S3Storage


def current_prefix() -> str:
    return connection.schema_name


class ShopFileSystemStorage(FileSystemStorage):
    """Local folders: ``MEDIA_ROOT/<schema>/...``, served at ``MEDIA_URL<schema>/``."""

    @property
    def base_location(self):
        return os.path.join(str(settings.MEDIA_ROOT), current_prefix())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        url = settings.MEDIA_URL
        return f"{url}{'' if url.endswith('/') else '/'}{current_prefix()}/"

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(os.path.join(str(settings.MEDIA_ROOT), prefix), ignore_errors=True)

    def iter_prefix(self, prefix: str):
        """(relative name, absolute path) of every file under a shop's prefix."""
        root = os.path.join(str(settings.MEDIA_ROOT), prefix)
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), path


class ShopS3Storage(S3Storage):
    """S3 keys ``<AWS_LOCATION>/<schema>/...`` in one bucket."""

    @property
    def location(self):
        base = self._base_location.strip("/")
        return f"{base}/{current_prefix()}" if base else current_prefix()

    @location.setter
    def location(self, value):
        self._base_location = value or ""

    def _prefix_key(self, prefix: str) -> str:
        base = self._base_location.strip("/")
        return f"{base}/{prefix}/" if base else f"{prefix}/"

    def delete_prefix(self, prefix: str) -> None:
        objects = self.bucket.objects.filter(Prefix=self._prefix_key(prefix))
        objects.delete()

    def iter_prefix(self, prefix: str):
        """(relative name, S3 object) of every object under a shop's prefix."""
        key_prefix = self._prefix_key(prefix)
        for obj in self.bucket.objects.filter(Prefix=key_prefix):
            yield obj.key[len(key_prefix) :], obj
