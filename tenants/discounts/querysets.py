"""Reads of discount codes."""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact


class DiscountCodeQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """The code as the shopper typed it, in any case.

        Both sides go through PostgreSQL's ``UPPER`` (not Python's ``str.upper``, which
        differs for letters like ``ß``), so this is exactly the uniqueness rule and
        can use its index.
        """
        return self.filter(Exact(Upper("code"), Upper(Value(code.strip()))))
