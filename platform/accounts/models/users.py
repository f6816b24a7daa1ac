"""People who log in.

The one model installed in both the public schema and every shop's schema. In the
public schema a ``User`` is a platform account (merchant, agency member, platform
admin); in a shop's schema it is that shop's staff or customer. The two never share
rows: a shop's staff user is linked to a platform account by its id through single
sign-on (``platform_account_id``), and sessions live per schema.

The team models (memberships, invitations, agencies, single sign-on tickets, the
figures of My shops) are the package's other modules and exist in the public schema
only (``accounts.routers``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.deletion import delete_in_current_schema


class AccountQuerySet(models.QuerySet):
    def delete(self):
        """Follow only relations that exist in the current schema (accounts.deletion)."""
        del_query = self._chain()
        del_query._for_write = True
        del_query.query.select_for_update = False
        del_query.query.select_related = False
        del_query.query.clear_ordering(force=True)
        result = delete_in_current_schema(del_query, using=del_query.db)
        self._result_cache = None
        return result

    delete.alters_data = True


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    """Users are identified by e-mail; there is no separate username."""

    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        return user

    def _create_user(self, username, email, password, **extra_fields):
        user = self._create_user_object(username, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    # In a shop's schema: the platform account (public ``accounts_user.id``) this staff
    # user stands for, set by single sign-on. Linking by id, not e-mail, means a
    # platform account that changes its address (or a shopper who registers with a
    # member's address) never takes over someone else's staff user.
    platform_account_id = models.BigIntegerField(_("platform account"), null=True, blank=True)
    # In the public schema: when the account proved it owns its address.
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    # In the public schema: moved on by "log out everywhere" (accounts.services.
    # account_sessions_end). Mixed into the session hash, so Django ends every other
    # platform session at its next request without a query of its own.
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["platform_account_id"],
                condition=models.Q(platform_account_id__isnull=False),
                name="user_one_staff_per_platform_account",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        """The password's session hash, changed by each "log out everywhere".

        Django builds both the current hash and those of ``SECRET_KEY_FALLBACKS``
        here. Generation 0 keeps Django's own hash, so sessions opened before a
        first "log out everywhere" stay valid.
        """
        password_hash = super()._get_session_auth_hash(secret=secret)
        if not self.session_generation:
            return password_hash
        return salted_hmac(
            "accounts.User.session_generation",
            f"{password_hash}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def delete(self, using=None, keep_parents=False):
        return delete_in_current_schema([self], using=using or "default")
