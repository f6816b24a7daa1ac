"""Sharing a discount amount across cart lines, to the minor unit, with nothing lost.

Checkout taxes each line after its own discount, so the total discount must be split
into per-line amounts that add up to it exactly. Each line first gets its
proportional share rounded *down* to the currency's step (the cent; the yen for
JPY); the steps left over (fewer than the number of lines) go one each to the lines
whose shares lost the most in rounding, ties to the larger line, then to the earlier
one (the largest-remainder method).

Putting the whole remainder on the largest line instead is simpler, but can push
that line's discount above its own price (99% off one 1.00 line and ninety-nine
0.01 lines) or, with half-up rounding, below zero. This way every line's discount
stays between 0 and the line's own total, which ``tests/discounts/test_allocation.py``
checks on such carts.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from kernel.money import ZERO, money_step


def allocate(amount: Decimal, weights: list[Decimal], *, currency: str) -> list[Decimal]:
    """Split ``amount`` (in ``currency``'s steps, at most ``sum(weights)``) in
    proportion to ``weights``."""
    step = money_step(currency)
    total = sum(weights, Decimal(0))
    if amount < 0 or amount > total:
        raise ValueError("amount must be between 0 and the sum of the weights")
    if not weights or total == 0:
        return [ZERO for _ in weights]
    exact = [amount * w / total for w in weights]
    shares = [e.quantize(step, rounding=ROUND_DOWN) for e in exact]
    left = int((amount - sum(shares, Decimal(0))) / step)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), -weights[i], i))
    for i in order[:left]:
        shares[i] += step
    return shares
