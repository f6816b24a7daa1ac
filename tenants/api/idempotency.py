"""``Idempotency-Key`` on POST: a retried request gets the first response, never a
second order or refund.

Same key and same body within 24 hours → the stored response, replayed with
``Idempotent-Replayed: true``. Same key, different body → 422. Same key while the first
request still runs → 409. A 5xx is not kept, so the client may retry it.
The key is claimed (a row inserted and committed) before the request runs: the unique
constraint is the lock, and it holds across processes.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import IdempotencyKey
from api.problems import problem

KEPT = timedelta(hours=24)
MAX_KEY_LENGTH = 255
_REPLAYED_HEADERS = ("Location",)


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.path.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(request, app, view):
    """Run ``view()`` once per (app, key); replay or refuse the others."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if request.method != "POST" or not key:
        return view()
    if len(key) > MAX_KEY_LENGTH:
        return problem(
            422,
            "validation",
            _("The request has invalid fields"),
            _("An Idempotency-Key has at most 255 characters."),
            errors=[{"field": "Idempotency-Key", "message": _("At most 255 characters.")}],
        )
    fingerprint = _fingerprint(request)
    row = _claim(app=app, key=key, fingerprint=fingerprint)
    if row is not None:
        if row.fingerprint != fingerprint:
            return problem(
                422,
                "idempotency-key-reused",
                _("Idempotency key already used"),
                _("This Idempotency-Key was used with a different request in the last 24 hours."),
            )
        if row.status_code == 0:
            return problem(
                409,
                "idempotency-key-in-progress",
                _("Request in progress"),
                _("A request with this Idempotency-Key is still running; retry shortly."),
            )
        response = HttpResponse(
            bytes(row.body), status=row.status_code, content_type=row.content_type
        )
        for name, value in row.headers.items():
            response[name] = value
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        response = view()
    except BaseException:
        IdempotencyKey.objects.filter(app=app, key=key).delete()
        raise
    if response.status_code >= 500:
        IdempotencyKey.objects.filter(app=app, key=key).delete()
    else:
        IdempotencyKey.objects.filter(app=app, key=key).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=response.content,
            headers={h: response[h] for h in _REPLAYED_HEADERS if h in response},
        )
    return response


def _claim(*, app, key: str, fingerprint: str) -> IdempotencyKey | None:
    """Claim the key for this request (None), or return the row that holds it."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(app=app, key=key, fingerprint=fingerprint)
            return None
        except IntegrityError:
            row = IdempotencyKey.objects.filter(app=app, key=key).first()
            if row is None:
                continue
            if row.created_at < timezone.now() - KEPT:
                IdempotencyKey.objects.filter(pk=row.pk).delete()
                continue
            return row
    return IdempotencyKey.objects.get(app=app, key=key)


def idempotency_keys_purge(*, now=None) -> int:
    """Forget keys older than 24 hours (a daily task)."""
    now = now or timezone.now()
    deleted, _details = IdempotencyKey.objects.filter(created_at__lt=now - KEPT).delete()
    return deleted
