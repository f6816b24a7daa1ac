"""Media storage with one prefix per shop, named by its schema.

The prefix is taken from the connection's current schema at every call, never from
the file name, so nothing a shop stores or asks for can name another shop's key:
``safe_join`` refuses names that climb out of the prefix (``..``, absolute paths).

Documents (``documents/...``, Wagtail's uploads) are private: a collection may
restrict who sees them, which only Wagtail's serve view (``/documents/<id>/<name>``,
``WAGTAILDOCS_SERVE_METHOD = "serve_view"``) checks. On S3 they are therefore kept
outside the public prefix (``AWS_DOCUMENTS_LOCATION/<schema>/documents/...``, which
no bucket policy may open) and any URL the storage gives for one is signed and short
lived; pictures stay under ``AWS_LOCATION`` with plain URLs that pages can cache.
"""

from __future__ import annotations

import os
import shutil

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage
from django.db import connection
from storages.backends.s3 import S3Storage
from storages.utils import clean_name, safe_join

# ``imports/``: spreadsheets merchants upload to import (imports app), never served.
PRIVATE_FOLDERS = ("documents/", "imports/")


def is_private(name: str) -> bool:
    """Files only Wagtail's permission-checked view may hand out."""
    return clean_name(name).lstrip("/").startswith(PRIVATE_FOLDERS)


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
    """S3 keys ``<AWS_LOCATION>/<schema>/...`` in one bucket; documents under
    ``<AWS_DOCUMENTS_LOCATION>/<schema>/documents/...`` with signed URLs."""

    @staticmethod
    def _private_base() -> str:
        return settings.AWS_DOCUMENTS_LOCATION.strip("/")

    def _normalize_name(self, name):
        if not is_private(name):
            return super()._normalize_name(name)
        try:
            return safe_join(f"{self._private_base()}/{current_prefix()}", name)
        except ValueError:
            raise SuspiciousOperation(f"Attempted access to '{name}' denied.") from None

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_private(name):
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        # Signed by the bucket's own endpoint whatever AWS_QUERYSTRING_AUTH and the
        # custom (CDN) domain say: a public CDN URL would serve it to anyone.
        return self.bucket.meta.client.generate_presigned_url(
            "get_object",
            Params={
                **(parameters or {}),
                "Bucket": self.bucket.name,
                "Key": self._normalize_name(clean_name(name)),
            },
            ExpiresIn=expire or settings.AWS_DOCUMENTS_URL_SECONDS,
            HttpMethod=http_method,
        )

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

    def _prefix_keys(self, prefix: str) -> list[str]:
        """The shop's public prefix and its private (documents) one."""
        return [self._prefix_key(prefix), f"{self._private_base()}/{prefix}/"]

    def delete_prefix(self, prefix: str) -> None:
        for key_prefix in self._prefix_keys(prefix):
            self.bucket.objects.filter(Prefix=key_prefix).delete()

    def iter_prefix(self, prefix: str):
        """(relative name, S3 object) of every object of a shop, documents included."""
        for key_prefix in self._prefix_keys(prefix):
            for obj in self.bucket.objects.filter(Prefix=key_prefix):
                yield obj.key[len(key_prefix) :], obj
