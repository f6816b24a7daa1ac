"""Refusals of a checkout step, with a message for the shopper (already translated)."""

from __future__ import annotations


class CheckoutError(Exception):
    def __init__(self, message: str, *, step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.step = step  # the step to send the shopper back to, if any
