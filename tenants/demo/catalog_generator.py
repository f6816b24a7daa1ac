"""A large made-up catalogue for benchmarks (``manage.py generate_catalog``).

Going through ``product_create`` costs ~15 queries a product: 100,000 products would
take most of an hour. Here each batch is loaded with PostgreSQL's ``COPY`` (products,
variants, product images) using ids reserved from the tables' identity sequences, so
no row has to be read back; then the derived fields ``product_refresh_derived`` keeps
(price range, search vector) are set for the whole batch by one set-based UPDATE,
written to give the same values (``tests/demo/test_catalog_generator.py`` compares
them), and stock levels by one INSERT … SELECT. Each batch is its own transaction, so
an interrupted run leaves whole products only (finish it with ``--append``).

Generated products are recognisable by their handle, ``gen-<7 digits>-<title>``; the
number continues from the highest one on ``--append``. Pictures are a small pool of
Wagtail images (one per product type, drawn by ``demo.product_pictures``) shared by
all products, with the base theme's renditions made up front, so page timings measure
queries and templates, not image scaling.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model

from catalog.models import Product, ProductImage, Variant
from catalog.services.products import option_values_sql
from catalog.versions import catalog_version_bump
from demo.product_pictures import SIZE, product_picture_jpeg
from inventory.models import StockLevel
from inventory.services import location_default

HANDLE_PREFIX = "gen-"
# The base theme's card, product and thumbnail renditions (storefront.selectors.renditions).
RENDITIONS = ("fill-600x600", "fill-900x900", "fill-160x160")
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL"]
# (product type, drawing, palette): one pooled picture each.
TYPES = [
    ("Jacket", "jacket", "jacket"),
    ("Pack", "pack", "pack"),
    ("Boots", "boot", "boot"),
    ("Beanie", "beanie", "decaf"),
    ("Bottle", "bottle", "accessory"),
    ("Mug", "mug", "ceramic"),
    ("Coffee", "bag", "espresso"),
    ("Kettle", "kettle", "gear"),
    ("Dripper", "dripper", "filter"),
    ("Accessory", "tag", "generic"),
]
ADJECTIVES = [
    "Alpine",
    "Breezy",
    "Classic",
    "Coastal",
    "Compact",
    "Daily",
    "Everyday",
    "Featherlight",
    "Field",
    "Granite",
    "Harbour",
    "Highland",
    "Insulated",
    "Lakeside",
    "Midnight",
    "Nordic",
    "Northern",
    "Packable",
    "Quiet",
    "Rugged",
    "Sierra",
    "Storm",
    "Summit",
    "Trail",
    "Tundra",
    "Urban",
    "Valley",
    "Weekend",
    "Wild",
    "Windward",
]
MATERIALS = [
    "Merino",
    "Canvas",
    "Cotton",
    "Down",
    "Fleece",
    "Leather",
    "Linen",
    "Nylon",
    "Ripstop",
    "Stoneware",
    "Steel",
    "Suede",
    "Waxed",
    "Wool",
    "Bamboo",
    "Ceramic",
    "Copper",
    "Enamel",
    "Glass",
    "Hemp",
]
VENDORS = [
    "Atlas Outfitters",
    "Ridgeline Works",
    "Harbour Coffee Roasters",
    "Quay Pottery",
    "Brewline",
    "Kettleworks",
    "Northwind Supply",
    "Fjell & Co",
    "Lantern Goods",
    "Copper Hill",
    "Saltmarsh",
    "Granite State Gear",
]
TAGS = [
    "bestseller",
    "new",
    "sale",
    "winter",
    "summer",
    "waterproof",
    "wool",
    "gift",
    "travel",
    "camping",
    "hiking",
    "running",
    "city",
    "organic",
    "recycled",
    "limited",
    "vegan",
    "handmade",
    "lightweight",
    "heavy-duty",
]


@dataclass
class GenerateReport:
    products: int = 0
    variants: int = 0
    images: int = 0
    stock_levels: int = 0
    seconds: float = 0.0
    first_number: int = 1

    @property
    def rows(self) -> int:
        return self.products + self.variants + self.images + self.stock_levels

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def generated_products():
    return Product.objects.filter(handle__startswith=HANDLE_PREFIX)


def _next_number() -> int:
    last = generated_products().order_by("-handle").values_list("handle", flat=True).first()
    if last is None:
        return 1
    return int(last[len(HANDLE_PREFIX) : len(HANDLE_PREFIX) + 7]) + 1


def _reserve_ids(model, count: int) -> list[int]:
    """``count`` fresh ids from the table's identity sequence, in one round trip."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _image_pool() -> dict[str, int]:
    """``{product type: Wagtail image id}``, made (with renditions) the first time."""
    image_model = get_image_model()
    pool = {}
    for product_type, drawing, palette_name in TYPES:
        title = f"Generated catalogue — {product_type}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            data = product_picture_jpeg(
                title=product_type, drawing=drawing, palette_name=palette_name
            )
            image = image_model(
                title=title,
                file=ContentFile(data, name=f"generated-{slugify(product_type)}.jpg"),
                width=SIZE,
                height=SIZE,
                file_size=len(data),
            )
            image.save()
        for spec in RENDITIONS:
            image.get_rendition(spec)
        pool[product_type] = image.pk
    return pool


def _copy(table: str, columns: list[str], rows) -> None:
    sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


# Mirrors product_refresh_derived (catalog.services.products): the same expression
# for the search vector, so generated products are found exactly like edited ones.
_DERIVED_SQL = """
UPDATE {product} AS p
   SET min_price = v.min_price,
       max_price = v.max_price,
       search_vector =
           setweight(to_tsvector('simple'::regconfig, COALESCE(p.title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig,
                                 COALESCE(array_to_string(p.tags, ' '), '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(v.skus, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig,
                                 COALESCE(p.vendor, '') || ' ' || COALESCE(p.product_type, '')),
                     'C'),
       option_values = {option_values}
  FROM (SELECT product_id, MIN(price) AS min_price, MAX(price) AS max_price,
               STRING_AGG(sku, ' ' ORDER BY position, id) AS skus
          FROM {variant}
         WHERE product_id BETWEEN %(first)s AND %(last)s
         GROUP BY product_id) AS v
 WHERE p.id = v.product_id AND p.id BETWEEN %(first)s AND %(last)s
"""

_STOCK_SQL = """
INSERT INTO {stock} (variant_id, location_id, on_hand, reserved, updated_at)
SELECT id, %(location)s, CASE WHEN id %% 9 = 0 THEN 0 ELSE id %% 60 END, 0, now()
  FROM {variant}
 WHERE product_id BETWEEN %(first)s AND %(last)s
ON CONFLICT (variant_id, location_id) DO NOTHING
"""

# Mirrors catalog.services.listing.product_in_stock_condition.
_IN_STOCK_SQL = """
UPDATE {product} AS p SET in_stock = EXISTS (
    SELECT 1 FROM {variant} AS v
     WHERE v.product_id = p.id
       AND (v.inventory_policy = 'continue'
            OR EXISTS (SELECT 1 FROM {stock} AS s
                        WHERE s.variant_id = v.id AND s.on_hand > s.reserved)))
 WHERE p.id BETWEEN %(first)s AND %(last)s
"""


def _batch(*, numbers: range, variants_per_product: int, rng, pool, location_id, now):
    count = len(numbers)
    product_ids = _reserve_ids(Product, count)
    variant_ids = iter(_reserve_ids(Variant, count * variants_per_product))
    products, variants, images = [], [], []
    for number, product_id in zip(numbers, product_ids, strict=True):
        product_type, _drawing, _palette = TYPES[number % len(TYPES)]
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)} {product_type} {number}"
        created = now - timedelta(minutes=number * 7)  # later numbers look older
        status = rng.choices(["active", "draft", "archived"], weights=[95, 3, 2])[0]
        tags = "{" + ",".join(rng.sample(TAGS, rng.randint(1, 4))) + "}"
        base = Decimal(rng.randint(5, 400)) + rng.choice([Decimal("0"), Decimal("0.5"),
                                                          Decimal("0.99")])  # fmt: skip
        products.append(
            (
                product_id,
                title,
                f"{HANDLE_PREFIX}{number:07d}-{slugify(title)}",
                f"{title}: made for the benchmark catalogue. Generated product {number}.",
                rng.choice(VENDORS),
                product_type,
                tags,
                status,
                "Size",
                "",
                "",
                "",
                "",
                created if status == "active" else None,
                created,
                created,
                "{}",  # option_values: filled with the other derived fields below
                0,  # units_sold: nothing sold yet
                False,  # in_stock: set from the stock levels below
            )
        )
        for position in range(variants_per_product):
            size = SIZES[position] if position < len(SIZES) else f"Size {position + 1}"
            price = base + Decimal(position * rng.choice([0, 2, 5]))
            variants.append(
                (
                    next(variant_ids),
                    product_id,
                    size,
                    "",
                    "",
                    f"GEN-{number:07d}-{position + 1}",
                    "",
                    price,
                    None,
                    None,
                    rng.randint(100, 2000),
                    True,
                    True,
                    "deny",
                    position,
                    created,
                    created,
                )
            )
        images.append((product_id, pool[product_type], title, 0))

    _copy(
        Product._meta.db_table,
        ["id", "title", "handle", "description", "vendor", "product_type", "tags", "status",
         "option1_name", "option2_name", "option3_name", "seo_title", "seo_description",
         "published_at", "created_at", "updated_at", "option_values", "units_sold",
         "in_stock"],
        products,
    )  # fmt: skip
    _copy(
        Variant._meta.db_table,
        ["id", "product_id", "option1", "option2", "option3", "sku", "barcode", "price",
         "compare_at_price", "cost", "weight_grams", "requires_shipping", "taxable",
         "inventory_policy", "position", "created_at", "updated_at"],
        variants,
    )  # fmt: skip
    _copy(ProductImage._meta.db_table, ["product_id", "image_id", "alt_text", "position"], images)
    bounds = {"first": min(product_ids), "last": max(product_ids), "location": location_id}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            _DERIVED_SQL.format(
                product=quote(Product._meta.db_table),
                variant=quote(Variant._meta.db_table),
                option_values=option_values_sql("p", quote(Variant._meta.db_table)),
            ),
            bounds,
        )
        cursor.execute(
            _STOCK_SQL.format(
                stock=quote(StockLevel._meta.db_table), variant=quote(Variant._meta.db_table)
            ),
            bounds,
        )
        stock_levels = cursor.rowcount
        cursor.execute(
            _IN_STOCK_SQL.format(
                product=quote(Product._meta.db_table),
                variant=quote(Variant._meta.db_table),
                stock=quote(StockLevel._meta.db_table),
            ),
            bounds,
        )
    return len(products), len(variants), len(images), stock_levels


def catalog_generate(
    *,
    products: int,
    variants_per_product: int = 3,
    batch: int = 5000,
    append: bool = False,
    seed: int = 1,
    progress=None,
) -> GenerateReport:
    """Generate ``products`` products into the current shop; see the module docstring.

    Refuses (``ValidationError``) when the shop already has generated products, unless
    ``append``. ``progress(report)`` is called after each committed batch.
    """
    if products < 1 or variants_per_product < 1 or batch < 1:
        raise ValidationError("Products, variants per product and batch must be at least 1.")
    if variants_per_product > 100:
        raise ValidationError("At most 100 variants per product.")
    if generated_products().exists() and not append:
        raise ValidationError("This shop already has generated products; use --append to add more.")
    start = time.perf_counter()
    report = GenerateReport(first_number=_next_number())
    rng = random.Random(seed * 1_000_003 + report.first_number)  # noqa: S311 - not security
    with transaction.atomic():
        pool = _image_pool()
        location_id = location_default().pk
    now = timezone.now()
    first = report.first_number
    for offset in range(0, products, batch):
        numbers = range(first + offset, first + min(offset + batch, products))
        with transaction.atomic():
            made = _batch(
                numbers=numbers,
                variants_per_product=variants_per_product,
                rng=rng,
                pool=pool,
                location_id=location_id,
                now=now,
            )
        report.products += made[0]
        report.variants += made[1]
        report.images += made[2]
        report.stock_levels += made[3]
        report.seconds = time.perf_counter() - start
        if progress is not None:
            progress(report)
    with connection.cursor() as cursor:
        for model in (Product, Variant, ProductImage, StockLevel):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    catalog_version_bump()
    report.seconds = time.perf_counter() - start
    return report
