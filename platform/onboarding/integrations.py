"""Seams to apps merged from other branches.

``plan_trial_start`` is called by sign-up for every new shop. Billing (plans,
Stripe subscriptions) is built on another branch; until it is merged there is no
trial to start, so this does nothing. The lead wires it to billing's trial
service here — sign-up's call site does not change.
"""

from __future__ import annotations


def plan_trial_start(*, shop) -> None:
    """Start the new shop's trial. NOT WIRED YET: billing is not on this branch."""
    return None
