"""The customers list as CSV, streamed.

Rows are read in batches by keyset pagination (``id`` below the last one seen), one
query per batch with the figures annotated, so an export of 100,000 customers holds
one batch in memory and never pays ``OFFSET``'s growing cost. Cells that a spreadsheet
would run as a formula are prefixed with a quote (CSV injection: a shopper types their
own name at checkout, ``=HYPERLINK(…)`` included).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from customers.models import Customer

BATCH_SIZE = 500
# OWASP's list: what starts a formula in Excel, LibreOffice or Google Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def customers_csv_header() -> list[str]:
    return [
        _("Email"),
        _("First name"),
        _("Last name"),
        _("Phone"),
        _("Accepts email marketing"),
        _("Orders"),
        _("Amount spent"),
        _("Last order"),
        _("Tags"),
        _("Note"),
        _("Customer since"),
        _("Has account"),
    ]


def customers_csv_rows(queryset, *, batch_size: int = BATCH_SIZE) -> Iterator[list[str]]:
    """Header, then one row per customer of ``queryset`` (a filtered ``with_stats``
    queryset), newest first by id."""
    yield customers_csv_header()
    queryset = queryset.order_by("-id")
    last_id = None
    while True:
        batch = queryset if last_id is None else queryset.filter(id__lt=last_id)
        batch = list(batch[:batch_size])
        for customer in batch:
            yield [csv_cell(value) for value in _row(customer)]
        if len(batch) < batch_size:
            return
        last_id = batch[-1].id


def customers_csv_stream(queryset, *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """CSV text, line by line, for a ``StreamingHttpResponse``."""
    writer = csv.writer(_Echo())
    for row in customers_csv_rows(queryset, batch_size=batch_size):
        yield writer.writerow(row)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _row(customer: Customer) -> list:
    return [
        customer.email,
        customer.first_name,
        customer.last_name,
        customer.phone,
        _yes_no(customer.accepts_marketing),
        customer.orders_count,
        customer.amount_spent,
        customer.last_order_at.isoformat() if customer.last_order_at else "",
        ", ".join(customer.tags),
        customer.note,
        customer.created_at.isoformat(),
        _yes_no(customer.user_id is not None),
    ]


def csv_cell(value) -> str:
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value
