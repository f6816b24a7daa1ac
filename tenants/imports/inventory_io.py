"""Inventory import (Shopify's customer CSV): filled in below."""

from __future__ import annotations


def inventory_check(*, job, file, shape) -> None:
    raise NotImplementedError


def inventory_run(*, job, file) -> bool:
    raise NotImplementedError
