"""One rule for every link a merchant or staff member enters, checked at model level.

A link a merchant types (the announcement bar, menus, buttons, social profiles, a
parcel's tracking page) is printed on pages served from the shop's own origin, the
origin of ``/admin/``: a ``javascript:`` or ``data:`` URL there runs in every
visitor's browser, staff included. So there is one validator, ``LinkValidator``, on
the model fields (``LinkField``, ``WebAddressField``) and on the StreamField blocks
(``cms.blocks.links``): every form, the admin's included, reaches it through
``full_clean`` or the block's ``clean``, and none can bypass it. Render-time code
(``is_safe_link``) applies the same rule again to values stored before it existed.

Accepted: ``http://`` and ``https://`` addresses, ``mailto:``, ``tel:``, site-relative
paths (``/collections/sale/``) and in-page anchors (``#faq``). Nothing else: no other
scheme, no protocol-relative ``//host``, no control characters or spaces (browsers
drop tabs and newlines, so ``java\\tscript:`` would become ``javascript:``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_PHONE = re.compile(r"^\+?[0-9().\- ]{3,40}$")
_WEB = URLValidator(schemes=["http", "https"])
_EMAIL = EmailValidator()


@deconstructible
class LinkValidator:
    """Refuses any link that is not http(s), mailto:, tel: or site-relative.

    ``web_only``: an absolute http(s) address and nothing else (a social profile, a
    tracking page, a video).
    """

    def __init__(self, *, web_only: bool = False) -> None:
        self.web_only = web_only

    @property
    def message(self):
        if self.web_only:
            return _("Enter a full web address starting with https:// or http://.")
        return _(
            "Enter a full web address (https://…), a path on this shop starting with /, "
            "or a mailto: or tel: link."
        )

    def __call__(self, value) -> None:
        if not is_safe_link(value, web_only=self.web_only):
            raise ValidationError(self.message, code="unsafe_link", params={"value": value})

    def __eq__(self, other) -> bool:
        return isinstance(other, LinkValidator) and other.web_only == self.web_only

    def __hash__(self) -> int:
        return hash((LinkValidator, self.web_only))


def is_safe_link(value, *, web_only: bool = False) -> bool:
    """The rule itself, as a test (``LinkValidator`` raises with a message)."""
    if not isinstance(value, str) or not value:
        return False
    if _CONTROL_OR_SPACE.search(value.replace(" ", "")) or value != value.strip():
        return False
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")):
        try:
            _WEB(value)
        except ValidationError:
            return False
        return True
    if web_only:
        return False
    if lowered.startswith("mailto:"):
        address = value[len("mailto:") :].split("?", 1)[0]
        if " " in value:
            return False
        try:
            _EMAIL(address)
        except ValidationError:
            return False
        return True
    if lowered.startswith("tel:"):
        return bool(_PHONE.match(value[len("tel:") :]))
    if " " in value:
        return False
    if value.startswith("#"):
        return True
    # Site-relative: one leading slash; "//host" and "/\host" name another host.
    return value.startswith("/") and not value.startswith(("//", "/\\"))


validate_link = LinkValidator()
validate_web_address = LinkValidator(web_only=True)


def safe_link(value) -> str:
    """``value`` if it passes the rule, else "" (for templates and menus)."""
    return value if is_safe_link(value) else ""


class LinkField(models.CharField):
    """A link a merchant types: an address, a path on the shop, mailto: or tel:."""

    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)


class WebAddressField(models.URLField):
    """An absolute http(s) address; Django's URLValidator (which lets ``ftp:`` in)
    is replaced by the one rule."""

    default_validators = [validate_web_address]
