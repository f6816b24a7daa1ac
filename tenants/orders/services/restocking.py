"""Putting an order's units back on the shelf (cancel, refund with restock).

Through ``inventory.services.stock_adjust`` so the stock level, its constraints and
the movement trail stay inventory's; the movement's reference names the order.
Units are added at the default location: orders do not record where a unit was
taken from (checkout's reservation knows, but may be gone).
"""

from __future__ import annotations

from inventory.models import StockMovement
from inventory.services import stock_adjust
from orders.models import Order, OrderLine


def lines_restock(order: Order, wanted: dict[OrderLine, int]) -> dict[int, int]:
    """Restock up to ``wanted`` units per line, never a unit twice; ``{line_id: units}``.

    Lines whose variant was deleted are skipped (there is no shelf to put them on).
    """
    done: dict[int, int] = {}
    for line, units in sorted(wanted.items(), key=lambda item: item[0].variant_id or 0):
        units = min(units, line.quantity - line.restocked_quantity)
        if units <= 0 or line.variant_id is None:
            continue
        stock_adjust(
            variant=line.variant_id,
            delta=units,
            reason=StockMovement.Reason.RETURNED,
            reference=f"order #{order.number}",
        )
        line.restocked_quantity += units
        line.save(update_fields=["restocked_quantity"])
        done[line.pk] = units
    return done
