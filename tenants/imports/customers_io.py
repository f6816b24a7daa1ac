"""Customers import (Shopify's customer CSV): filled in below."""

from __future__ import annotations


def customers_check(*, job, file, shape) -> None:
    raise NotImplementedError


def customers_run(*, job, file) -> bool:
    raise NotImplementedError
