"""An order's figures for the analytics aggregates, and the two ways of writing them.

``order_figures_record`` is what the order services call, in their transaction,
after placing, refunding, cancelling or voiding an order: the aggregates change in
the same commit as the order, so checkout pays a few upserts and the dashboard never
scans orders. ``orders_figures_rebuild`` (``manage.py analytics_rebuild``) writes
them again from every order. Both fill ``analytics.types.OrderFigures`` with
``order_figures``, so the incremental sums and a rebuild agree.

``analytics`` sits below ``orders`` (``.importlinter``), so it is told about orders
and never reads them.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from analytics.recording import aggregates_rebuild, order_record
from analytics.types import LineFigures, OrderFigures, RefundFigures
from kernel.money import ZERO
from orders.models import Order, OrderLine, Refund, RefundLine


def order_figures_record(order: Order) -> None:
    """Record ``order``'s current state in the aggregates (idempotent)."""
    # A new order has no refunds: two queries fewer at checkout.
    orders = _loaded(Order.objects.filter(pk=order.pk), refunds=order.refunded_total > 0)
    order_record(figures=order_figures(orders.get()))


def orders_figures_rebuild(*, batch_size: int = 2000) -> int:
    """Rebuild the aggregates from every order, oldest first; the number of orders.

    One transaction: the rebuild empties the tables first (``TRUNCATE`` locks them),
    so an order changed meanwhile waits and is then recorded against the rebuilt rows.
    """
    with transaction.atomic():
        return aggregates_rebuild(_all_figures(batch_size), batch_size=batch_size)


def order_figures(order: Order) -> OrderFigures:
    """The figures of an order loaded by ``_loaded`` (lines, tax lines, refunds)."""
    lines = {line.pk: line for line in order.lines.all()}
    address = order.shipping_address or order.billing_address or {}
    return OrderFigures(
        order_id=order.pk,
        day=timezone.localdate(order.placed_at),
        email=order.email.strip().lower(),
        counted=order.financial_status != Order.FinancialStatus.VOIDED,
        country=(address.get("country") or "")[:2].upper(),
        discount_code=order.discount_code,
        gross=order.subtotal,
        discounts=order.discount_total,
        shipping=order.shipping_total,
        tax=order.tax_total,
        total=order.total,
        lines=[
            LineFigures(
                product_id=_product_id(line),
                title=line.product_title,
                quantity=line.quantity,
                gross=line.unit_price * line.quantity,
                discount=line.line_discount or ZERO,
            )
            for line in lines.values()
        ],
        taxes=[(t.name, t.rate, t.amount) for t in order.tax_lines.all()],
        refunds=[
            RefundFigures(
                day=timezone.localdate(refund.created_at),
                amount=refund.amount,
                lines=[
                    (
                        _product_id(lines[r.order_line_id]),
                        lines[r.order_line_id].product_title,
                        r.quantity,
                    )
                    for r in refund.lines.all()
                ],
            )
            for refund in (order.refunds.all() if order.refunded_total else ())
        ],
    )


def _product_id(line: OrderLine) -> int | None:
    return line.analytics_product_id


_LINES = Prefetch(
    "lines",
    queryset=OrderLine.objects.annotate(analytics_product_id=F("variant__product_id")).order_by(
        "id"
    ),
)


def _loaded(orders, *, refunds: bool = True):
    if not refunds:
        return orders.prefetch_related(_LINES, "tax_lines")
    return orders.prefetch_related(
        _LINES,
        "tax_lines",
        Prefetch(
            "refunds",
            queryset=Refund.objects.prefetch_related(
                Prefetch("lines", queryset=RefundLine.objects.order_by("id"))
            ),
        ),
    )


def _all_figures(batch_size: int) -> Iterator[OrderFigures]:
    """Every order's figures, by ``(placed_at, id)``, read in keyset batches."""
    last = None
    while True:
        orders = Order.objects.order_by("placed_at", "id")
        if last is not None:
            orders = orders.filter(placed_at__gte=last[0]).exclude(
                placed_at=last[0], id__lte=last[1]
            )
        batch = list(_loaded(orders)[:batch_size])
        for order in batch:
            yield order_figures(order)
        if len(batch) < batch_size:
            return
        last = (batch[-1].placed_at, batch[-1].pk)
