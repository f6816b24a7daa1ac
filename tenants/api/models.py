"""Apps, their tokens, storefront tokens, customer tokens and idempotency records.

Everything lives in the shop's schema: a token is looked up only among the shop's own
rows, so a token of shop A sent to shop B's host finds nothing (401) without any
cross-shop check to forget. Secrets are stored as SHA-256 digests (a token carries
240 bits of randomness, so a slow hash adds nothing); the first characters are kept
in clear so the merchant can tell tokens apart and a leaked one can be recognised.

An ``App`` acts through its own inactive shop user (``user``): every service the API
calls records that user in the audit trail, so the shop's Activity page names the app
("Acme ERP (app)") rather than a person. The user can never log in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class App(models.Model):
    name = models.CharField(_("name"), max_length=80)
    scopes = ArrayField(models.CharField(max_length=40), default=list, verbose_name=_("scopes"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_app", editable=False
    )
    # The admin token: only its digest and its first characters are kept.
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    token_prefix = models.CharField(_("token starts with"), max_length=16, blank=True)
    token_created_at = models.DateTimeField(_("token created"), null=True, blank=True)
    token_last_used_at = models.DateTimeField(_("token last used"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("app")
        verbose_name_plural = _("apps")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(token_digest__isnull=True) | Q(token_prefix__gt=""),
                name="app_token_has_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StorefrontToken(models.Model):
    """A public token for the Storefront API: read the catalogue, build a cart, check out.

    Safe to ship in a browser (it reads only what the storefront shows), so it is kept
    in clear and can be shown again. ``allowed_origins`` are the web origins (besides
    the shop's own domains) whose pages may call the API with it (CORS).
    """

    name = models.CharField(_("name"), max_length=80)
    token = models.CharField(max_length=64, unique=True, editable=False)
    allowed_origins = ArrayField(
        models.CharField(max_length=255), default=list, blank=True, verbose_name=_("origins")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("storefront token")
        verbose_name_plural = _("storefront tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CustomerToken(models.Model):
    """A shopper's login through the Storefront API (registration or e-mail+password)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_customer_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("customer token")
        verbose_name_plural = _("customer tokens")

    def __str__(self) -> str:
        return f"customer token of user {self.user_id}"


class IdempotencyKey(models.Model):
    """The first response to a POST with an ``Idempotency-Key``, kept 24 hours per app.

    The row is written before the request runs (``status_code`` 0), so a second request
    with the same key arriving meanwhile is told to wait instead of running twice; the
    unique constraint is what makes that race safe.
    """

    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=bytes)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "key"], name="idempotency_key_once_per_app")
        ]

    def __str__(self) -> str:
        return self.key
