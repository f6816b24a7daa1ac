"""Handles: the URL name of a product or collection (``/products/<handle>``).

A handle is unique per shop (the schema makes the table's UNIQUE per shop). Generated
handles take the next free ``-2``, ``-3``... suffix in one query; a handle the
merchant typed is checked, never silently changed, because it may already be printed
on a flyer.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

HANDLE_MAX_LENGTH = 255
HANDLE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Room left for a "-<n>" suffix when a long title is cut.
_SUFFIX_ROOM = 8


def handle_generate(*, model: type[models.Model], title: str, exclude_pk=None) -> str:
    """A free handle made from ``title``: ``blue-shirt``, then ``blue-shirt-2``..."""
    base = slugify(title)[: HANDLE_MAX_LENGTH - _SUFFIX_ROOM].strip("-") or model._meta.model_name
    taken_qs = model._default_manager.filter(handle__regex=rf"^{re.escape(base)}(-[0-9]+)?$")
    if exclude_pk is not None:
        taken_qs = taken_qs.exclude(pk=exclude_pk)
    taken = set(taken_qs.values_list("handle", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def handle_validate(*, model: type[models.Model], handle: str, exclude_pk=None) -> str:
    """Check a merchant-typed handle; return it trimmed and lower-cased."""
    handle = (handle or "").strip().lower()
    if not HANDLE_RE.match(handle):
        raise ValidationError(
            {
                "handle": _(
                    "Use only lowercase letters, digits and single hyphens, e.g. “blue-shirt”."
                )
            },
            code="invalid_handle",
        )
    if len(handle) > HANDLE_MAX_LENGTH:
        raise ValidationError(
            {
                "handle": _("A handle can be at most %(max)d characters.")
                % {"max": HANDLE_MAX_LENGTH}
            },
            code="handle_too_long",
        )
    taken = model._default_manager.filter(handle=handle)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"handle": _("The handle “%(handle)s” is already used.") % {"handle": handle}},
            code="handle_taken",
        )
    return handle
