"""The catalogue, the customers and the stock as Shopify-format CSV, streamed.

Products are read in batches by keyset pagination (``id`` above the last one seen),
each batch with its variants, images, kept columns and default-location stock in one
query apiece, so an export of 100,000 products holds one batch in memory whatever the
size (``bench/catalog_io.py`` measures it). Every cell goes through the orders and
customers exports' ``csv_cell``: a cell a spreadsheet would run as a formula is
prefixed with a quote (CSV injection), and the importer takes the quote off again
(``imports.reading.cell_unescape``), so an export imports as it was.

The layout is Shopify's: a product's fields on its first row, one row per variant,
its images beside the variant rows and on image-only rows after them; a product
without options says ``Title`` / ``Default Title``. Columns kept from an import
(``imports.models.KeptColumns``) come back, under the chosen header set's name where
Shopify has one.

``export_stream`` serves the admin's download; ``export_to_storage`` (and the task
``imports.tasks.export_task``) writes the same rows to a file in the shop's private
``imports/`` folder, for callers that want a file rather than a response (the API's
bulk reads).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Prefetch

from catalog.models import Product, ProductImage
from customers.exports import csv_cell
from customers.models import Customer
from imports.columns import CURRENT, HEADER_OF, export_headers
from imports.models import CustomerKeptColumns, KeptColumns
from inventory.models import Location, StockLevel
from inventory.services import location_default
from shops.addresses import shop_url
from shops.models import Shop

BATCH_SIZE = 500
DEFAULT_TITLE = "Default Title"
# What our export writes when nothing was kept: Shopify's own defaults. The importer
# keeps these columns only when they differ, so a round trip adds nothing.
KEPT_DEFAULTS = {
    "inventory_tracker": "shopify",
    "fulfillment_service": "manual",
    "gift_card": "FALSE",
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def sheet_cell(value) -> str:
    """``csv_cell`` (a formula becomes text), and a text that itself starts with a
    quote before a formula character or a quote gets one more, so the importer's
    ``cell_unescape`` gives back exactly what was stored."""
    text = "" if value is None else str(value)
    if len(text) > 1 and text[0] == "'" and (text[1] in "=+-@\t\r\n'"):
        return "'" + text
    return csv_cell(text)


def _lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([sheet_cell(v) for v in row])


def export_stream(*, kind: str, header_set: str = CURRENT, ids: list[int] | None = None):
    """CSV text, line by line, for a ``StreamingHttpResponse``."""
    rows = {
        "products": lambda: product_rows(header_set=header_set, ids=ids),
        "customers": lambda: customer_rows(ids=ids),
        "inventory": lambda: inventory_rows(ids=ids),
    }[kind]()
    return _lines(rows)


def export_to_storage(*, kind: str, header_set: str = CURRENT, ids: list[int] | None = None) -> str:
    """Write the export to the shop's private ``imports/exports/`` folder; its name.

    Written in chunks of lines, so memory stays flat; read it back with
    ``default_storage.open(name)``."""
    name = f"imports/exports/{kind}-{uuid.uuid4().hex}.csv"
    buffer = io.StringIO()
    for line in export_stream(kind=kind, header_set=header_set, ids=ids):
        buffer.write(line)
    return default_storage.save(name, ContentFile(buffer.getvalue().encode("utf-8")))


# --- Products ---------------------------------------------------------------------------


def _kept_headers(header_set: str, ids: list[int] | None) -> list[str]:
    """Raw names of every kept column, in a stable order (one query)."""
    where = "WHERE product_id = ANY(%s)" if ids else ""
    params = [ids] if ids else []
    table = KeptColumns._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT k FROM ("  # noqa: S608 — table name from the model
            f" SELECT jsonb_object_keys(columns->'product') AS k FROM {table} {where}"
            f" UNION ALL SELECT jsonb_object_keys(v.value) FROM {table},"
            f" jsonb_each(columns->'variants') AS v {where}) AS keys ORDER BY k",
            params * 2,
        )
        names = [row[0] for row in cursor.fetchall()]
    known = {k for k, _h in export_headers(header_set)}
    return [n for n in names if not (n.startswith("@") and n[1:] in known)]


def _image_url(image, base: str) -> str:
    url = image.file.url
    return url if url.startswith(("http://", "https://")) else base.rstrip("/") + url


def product_rows(*, header_set: str = CURRENT, ids: list[int] | None = None) -> Iterator[list]:
    """Header, then the rows of every product (or of ``ids``), oldest first."""
    known = export_headers(header_set)
    extra = _kept_headers(header_set, ids)
    yield [h for _k, h in known] + [
        HEADER_OF[CURRENT].get(n[1:], n[1:]) if n.startswith("@") else n for n in extra
    ]
    shop = Shop.objects.filter(schema_name=connection.schema_name).first()
    base = shop_url(shop, "/") if shop else "/"
    location = location_default()
    products = Product.objects.order_by("id")
    if ids:
        products = products.filter(pk__in=ids)
    products = products.prefetch_related(
        "variants",
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").prefetch_related("variants"),
        ),
    )
    last = 0
    while True:
        batch = list(products.filter(pk__gt=last)[:BATCH_SIZE])
        if not batch:
            return
        last = batch[-1].pk
        kept = dict(
            KeptColumns.objects.filter(product__in=batch).values_list("product_id", "columns")
        )
        stock = dict(
            StockLevel.objects.filter(variant__product__in=batch, location=location).values_list(
                "variant_id", "on_hand"
            )
        )
        for product in batch:
            yield from _product_lines(
                product, kept.get(product.pk, {}), stock, known, extra, header_set, base
            )


def _product_lines(product, kept, stock, known, extra, header_set, base) -> Iterator[list]:
    variants = list(product.variants.all())
    images = list(product.images.all())
    kept_product = kept.get("product", {})
    kept_variants = kept.get("variants", {})
    names = product.option_names
    shows: dict[int, str] = {}
    for image in images:
        for variant in image.variants.all():
            shows.setdefault(variant.pk, _image_url(image.image, base))
    for index in range(max(len(variants), len(images), 1)):
        cells: dict[str, object] = {"handle": product.handle}
        extras: dict[str, str] = {}
        if index == 0:
            cells.update(
                title=product.title,
                description=product.description,
                vendor=product.vendor,
                product_type=product.product_type,
                tags=", ".join(product.tags),
                published="TRUE" if product.status == Product.Status.ACTIVE else "FALSE",
                status=product.status,
                seo_title=product.seo_title,
                seo_description=product.seo_description,
                category=kept_product.get("@category", ""),
                gift_card=kept_product.get("@gift_card", KEPT_DEFAULTS["gift_card"]),
            )
            for i in range(3):
                cells[f"option{i + 1}_name"] = names[i] if i < len(names) else ""
            if not names:
                cells["option1_name"] = "Title"
            extras.update(kept_product)
        if index < len(variants):
            variant = variants[index]
            combo = "/".join((variant.option1, variant.option2, variant.option3))
            own = kept_variants.get(combo, {})
            cells.update(
                option1=variant.option1 or (DEFAULT_TITLE if not names else ""),
                option2=variant.option2,
                option3=variant.option3,
                sku=variant.sku,
                barcode=variant.barcode,
                price=variant.price,
                compare_at_price=variant.compare_at_price,
                cost=variant.cost,
                taxable="TRUE" if variant.taxable else "FALSE",
                requires_shipping="TRUE" if variant.requires_shipping else "FALSE",
                weight_grams=variant.weight_grams,
                inventory_quantity=stock.get(variant.pk, 0),
                inventory_policy=_policy(variant.inventory_policy, header_set),
            )
            for key in ("inventory_tracker", "fulfillment_service"):
                cells[key] = own.get(f"@{key}", KEPT_DEFAULTS[key])
            for key in (
                "tax_code",
                "weight_unit",
                "option1_linked",
                "option2_linked",
                "option3_linked",
            ):
                cells[key] = own.get(f"@{key}", "")
            cells["variant_image"] = shows.get(variant.pk, "")
            extras.update(own)
        if index < len(images):
            image = images[index]
            cells.update(
                image_src=_image_url(image.image, base),
                image_position=index + 1,
                image_alt=image.alt_text,
            )
        yield [cells.get(key, "") for key, _h in known] + [extras.get(n, "") for n in extra]


def _policy(policy: str, header_set: str) -> str:
    if header_set == CURRENT:
        return "TRUE" if policy == "continue" else "FALSE"
    return policy


# --- Customers ------------------------------------------------------------------------

CUSTOMER_HEADERS = [
    "First Name",
    "Last Name",
    "Email",
    "Accepts Email Marketing",
    "Default Address Company",
    "Default Address Address1",
    "Default Address Address2",
    "Default Address City",
    "Default Address Province Code",
    "Default Address Country Code",
    "Default Address Zip",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Tags",
    "Note",
    "Tax Exempt",
]
_ADDRESS_FIELDS = {
    "Default Address Company": "company",
    "Default Address Address1": "line1",
    "Default Address Address2": "line2",
    "Default Address City": "city",
    "Default Address Province Code": "region",
    "Default Address Country Code": "country",
    "Default Address Zip": "postal_code",
    "Default Address Phone": "phone",
}


def customer_rows(*, ids: list[int] | None = None) -> Iterator[list]:
    """Shopify's customer CSV: the record, its default address (the shopper's own
    address book, or the one kept from an import) and kept columns."""
    from customers.models import Address

    yield CUSTOMER_HEADERS
    customers = Customer.objects.order_by("id")
    if ids:
        customers = customers.filter(pk__in=ids)
    last = 0
    while True:
        batch = list(customers.filter(pk__gt=last)[:BATCH_SIZE])
        if not batch:
            return
        last = batch[-1].pk
        kept = dict(
            CustomerKeptColumns.objects.filter(customer__in=batch).values_list(
                "customer_id", "columns"
            )
        )
        users = [c.user_id for c in batch if c.user_id]
        addresses = {
            a.customer_id: a for a in Address.objects.filter(customer_id__in=users, is_default=True)
        }
        for customer in batch:
            own = kept.get(customer.pk, {})
            address = addresses.get(customer.user_id)
            row = {
                "First Name": customer.first_name,
                "Last Name": customer.last_name,
                "Email": customer.email,
                "Accepts Email Marketing": "yes" if customer.accepts_marketing else "no",
                "Phone": customer.phone,
                "Accepts SMS Marketing": own.get("Accepts SMS Marketing", "no"),
                "Tags": ", ".join(customer.tags),
                "Note": customer.note,
                "Tax Exempt": own.get("Tax Exempt", "no"),
            }
            for header, name in _ADDRESS_FIELDS.items():
                row[header] = getattr(address, name, "") if address else own.get(header, "")
            yield [row.get(h, "") for h in CUSTOMER_HEADERS]


# --- Inventory ------------------------------------------------------------------------

INVENTORY_HEADERS = [
    "Handle",
    "Title",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "SKU",
    "Location",
    "Committed",
    "Available",
    "On hand",
]


def inventory_rows(*, ids: list[int] | None = None) -> Iterator[list]:
    """One row per variant and location: committed (held by checkouts), available
    and on hand, as Shopify's inventory export."""
    yield INVENTORY_HEADERS
    locations = list(Location.objects.order_by("-is_default", "name"))
    products = Product.objects.order_by("id").prefetch_related("variants")
    if ids:
        products = products.filter(pk__in=ids)
    last = 0
    while True:
        batch = list(products.filter(pk__gt=last)[:BATCH_SIZE])
        if not batch:
            return
        last = batch[-1].pk
        levels = {
            (level.variant_id, level.location_id): level
            for level in StockLevel.objects.filter(variant__product__in=batch)
        }
        for product in batch:
            names = product.option_names
            for variant in product.variants.all():
                for location in locations:
                    level = levels.get((variant.pk, location.pk))
                    on_hand = level.on_hand if level else 0
                    reserved = level.reserved if level else 0
                    yield [
                        product.handle,
                        product.title,
                        names[0] if names else "Title",
                        variant.option1 or ("" if names else DEFAULT_TITLE),
                        names[1] if len(names) > 1 else "",
                        variant.option2,
                        names[2] if len(names) > 2 else "",
                        variant.option3,
                        variant.sku,
                        location.name,
                        reserved,
                        on_hand - reserved,
                        on_hand,
                    ]
