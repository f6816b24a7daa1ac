"""Writes on stock: the merchant's counts and checkout's reservations.

How overselling is prevented without long locks: a checkout holds stock with one
conditional ``UPDATE … SET reserved = reserved + q WHERE … on_hand - reserved >= q``
per line. PostgreSQL takes the row lock for that statement and re-checks the
condition against the latest committed row, so two checkouts cannot both take the last
unit, and nobody reads a number, decides in Python and writes it back (the
read-check-write race ``bench/inventory_race.py`` shows overselling). Lines are taken
in variant-id order, so two carts holding the same variants lock them in the same
order and cannot deadlock. The check constraints on ``StockLevel`` refuse any row that
would still end up oversold.

Each function also refreshes the products' denormalised ``in_stock`` flag
(``catalog.services.product_stock_refresh``) in the same transaction, so the
storefront's "in stock only" filter follows stock without reading it; the flag is
only written when it flips, so a checkout taking one of many units writes nothing more.

Every function is one transaction (a savepoint inside a caller's), writes a
``StockMovement`` for each change, and is safe to retry: reserving again with the
same token replaces that checkout's hold, converting or releasing twice does nothing
the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from catalog.models import Variant
from catalog.services import log_many, product_stock_refresh
from inventory.exceptions import (
    OutOfStock,
    ReservationConverted,
    ReservationNotFound,
    ReservationReleased,
    Shortage,
)
from inventory.models import (
    DEFAULT_LOCATION_NAME,
    Location,
    Reservation,
    StockLevel,
    StockMovement,
)
from inventory.selectors import available_quantities

DEFAULT_RESERVATION_TTL = timedelta(minutes=15)
# Below PostgreSQL's integer range with room to add reservations: a typo of a few
# extra digits gets a message instead of a database error.
MAX_STOCK = 1_000_000_000
MAX_LINE_QUANTITY = 1_000_000
MAX_TOKEN_LENGTH = Reservation._meta.get_field("token").max_length
MERCHANT_REASONS = frozenset(
    {
        StockMovement.Reason.RECEIVED,
        StockMovement.Reason.COUNT,
        StockMovement.Reason.CORRECTION,
        StockMovement.Reason.DAMAGED,
        StockMovement.Reason.RETURNED,
        StockMovement.Reason.IMPORT,
    }
)
Reason = StockMovement.Reason
Status = Reservation.Status
CONTINUE_SELLING = Variant.InventoryPolicy.CONTINUE


# --- Locations --------------------------------------------------------------------


def location_default() -> Location:
    """The shop's default location.

    Every shop is cloned with one (migration 0002), so this is a single query; it
    still creates one if a shop has lost it, because stock with nowhere to live would
    make every checkout fail.
    """
    location = Location.objects.default().first()
    if location is not None:
        return location
    try:
        with transaction.atomic():
            return Location.objects.create(name=DEFAULT_LOCATION_NAME, is_default=True)
    except IntegrityError:
        # Another transaction made it first, or a location already has that name.
        location = Location.objects.default().first()
        if location is None:
            location = Location.objects.order_by("id").first()
            Location.objects.filter(pk=location.pk).update(is_default=True)
            location.is_default = True
        return location


# --- The merchant's counts --------------------------------------------------------


def stock_set(
    *,
    variant: Variant,
    location: Location | None = None,
    on_hand: int,
    reason: str = Reason.COUNT,
    reference: str = "",
    user=None,
) -> StockLevel:
    """Set the count on hand (a stock take, an import); the change is recorded.

    On hand may not go below what running checkouts hold: those units are promised.
    Besides the stock movement, the count goes into Wagtail's audit log, the shop's one
    history of who changed what, with the staff ``user`` (none for commands).
    """
    on_hand = _whole_number(on_hand, field="on_hand", minimum=0, maximum=MAX_STOCK)
    reason = _merchant_reason(reason)
    with transaction.atomic():
        level = _locked_level(variant_id=getattr(variant, "pk", variant), location=location)
        if on_hand < level.reserved:
            raise ValidationError(
                {
                    "on_hand": _(
                        "%(reserved)d units are held by checkouts in progress; "
                        "on hand cannot be set below that."
                    )
                    % {"reserved": level.reserved}
                }
            )
        delta = on_hand - level.on_hand
        level.on_hand = on_hand
        level.save(update_fields=["on_hand", "updated_at"])
        _record(level, delta_on_hand=delta, reason=reason, reference=reference)
        product_stock_refresh(variants=[level.variant_id])
        log(
            instance=variant if isinstance(variant, Variant) else level.variant,
            action="inventory.stock_set",
            user=user,
            data={"on_hand": on_hand},
        )
    return level


def stock_key(variant_id: int, location_id: int) -> str:
    """How ``stock_levels_set`` names a count in its errors (one cell of a grid)."""
    return f"stock:{variant_id}:{location_id}"


def stock_levels_set(
    *,
    counts: Iterable[tuple[int, int, object]],
    reason: str = Reason.COUNT,
    reference: str = "",
    user=None,
) -> int:
    """Set many counts on hand at once — ``(variant_id, location_id, on_hand)`` each.

    The product editor and the bulk editor save a whole grid with one call. Every
    count is checked first and all problems are raised together, keyed by
    ``stock_key`` (nothing is written then); the rows are locked in a fixed order
    (variant, location), the changed ones written with one ``bulk_update``, their
    movements and audit entries with one INSERT each: a fixed number of queries for
    any number of rows. Counts equal to what is on hand write nothing. Returns how
    many counts changed.
    """
    reason = _merchant_reason(reason)
    wanted: dict[tuple[int, int], int] = {}
    errors: dict[str, list[str]] = {}
    for variant_id, location_id, on_hand in counts:
        try:
            wanted[(variant_id, location_id)] = _whole_number(
                on_hand, field="on_hand", minimum=0, maximum=MAX_STOCK
            )
        except ValidationError as error:
            errors[stock_key(variant_id, location_id)] = error.message_dict["on_hand"]
    if errors:
        raise ValidationError(errors)
    if not wanted:
        return 0
    variant_ids = {v for v, _l in wanted}
    location_ids = {loc for _v, loc in wanted}
    with transaction.atomic():
        variants = Variant.objects.select_related("product").in_bulk(variant_ids)
        locations = Location.objects.in_bulk(location_ids)
        unknown = [key for key in wanted if key[0] not in variants or key[1] not in locations]
        if unknown:
            raise ValidationError(
                {
                    stock_key(*key): _("This variant or location no longer exists.")
                    for key in unknown
                }
            )
        # Rows that do not exist yet (new variants: an import) are inserted with
        # their count, which spares them the row-by-row UPDATE below.
        existing = set(
            StockLevel.objects.filter(
                variant_id__in=variant_ids, location_id__in=location_ids
            ).values_list("variant_id", "location_id")
        )
        created = [key for key in sorted(wanted) if key not in existing]
        StockLevel.objects.bulk_create(
            [
                StockLevel(variant_id=v, location_id=loc, on_hand=wanted[(v, loc)])
                for v, loc in created
            ],
            ignore_conflicts=True,
        )
        created = set(created)
        levels = {
            (level.variant_id, level.location_id): level
            for level in StockLevel.objects.select_for_update()
            .filter(variant_id__in=variant_ids, location_id__in=location_ids)
            .order_by("variant_id", "location_id")
            if (level.variant_id, level.location_id) in wanted
        }
        for key, on_hand in wanted.items():
            if on_hand < levels[key].reserved:
                errors[stock_key(*key)] = [
                    _(
                        "%(reserved)d units are held by checkouts in progress; "
                        "on hand cannot be set below that."
                    )
                    % {"reserved": levels[key].reserved}
                ]
        if errors:
            raise ValidationError(errors)
        changed = []
        movements = []
        written = []
        for key, on_hand in sorted(wanted.items()):
            level = levels[key]
            if key in created and level.on_hand == on_hand:
                if on_hand:
                    movements.append(
                        StockMovement(
                            variant_id=level.variant_id,
                            location_id=level.location_id,
                            delta_on_hand=on_hand,
                            reason=reason,
                            reference=reference,
                        )
                    )
                    written.append(level)
                continue
            if level.on_hand == on_hand:
                continue
            movements.append(
                StockMovement(
                    variant_id=level.variant_id,
                    location_id=level.location_id,
                    delta_on_hand=on_hand - level.on_hand,
                    reason=reason,
                    reference=reference,
                )
            )
            level.on_hand = on_hand
            level.updated_at = timezone.now()
            changed.append(level)
        if changed:
            StockLevel.objects.bulk_update(changed, ["on_hand", "updated_at"])
        changed += written
        if not changed:
            return 0
        StockMovement.objects.bulk_create(movements)
        product_stock_refresh(variants=[level.variant_id for level in changed])
        log_many(
            (
                (
                    variants[level.variant_id],
                    {"on_hand": level.on_hand, "location": level.location_id},
                )
                for level in changed
            ),
            action="inventory.stock_set",
            user=user,
        )
    return len(changed)


def stock_adjust(
    *,
    variant: Variant,
    location: Location | None = None,
    delta: int,
    reason: str,
    reference: str = "",
) -> StockLevel:
    """Add (received, returned) or remove (damaged, lost) units on hand.

    Removing is refused, with the numbers, when it would leave fewer units than
    checkouts hold or fewer than zero; nothing is changed then.
    """
    delta = _whole_number(delta, field="delta", minimum=-MAX_STOCK, maximum=MAX_STOCK)
    if delta == 0:
        raise ValidationError({"delta": _("Enter a change other than zero.")})
    reason = _merchant_reason(reason)
    with transaction.atomic():
        level = _locked_level(variant_id=getattr(variant, "pk", variant), location=location)
        new_on_hand = level.on_hand + delta
        if new_on_hand < 0:
            raise ValidationError(
                {
                    "delta": _("Only %(on_hand)d on hand: %(removed)d cannot be removed.")
                    % {"on_hand": level.on_hand, "removed": -delta}
                }
            )
        if new_on_hand < level.reserved:
            raise ValidationError(
                {
                    "delta": _(
                        "%(reserved)d of the %(on_hand)d on hand are held by checkouts "
                        "in progress: at most %(free)d can be removed."
                    )
                    % {
                        "reserved": level.reserved,
                        "on_hand": level.on_hand,
                        "free": level.available,
                    }
                }
            )
        if new_on_hand > MAX_STOCK:
            raise ValidationError(
                {"delta": _("Stock cannot exceed %(max)d units.") % {"max": MAX_STOCK}}
            )
        level.on_hand = new_on_hand
        level.save(update_fields=["on_hand", "updated_at"])
        _record(level, delta_on_hand=delta, reason=reason, reference=reference)
        product_stock_refresh(variants=[level.variant_id])
    return level


# --- Checkout ---------------------------------------------------------------------


class _Short(Exception):
    """Internal: a line could not be held; the transaction rolls back."""

    def __init__(self, variant_id: int) -> None:
        self.variant_id = variant_id


def stock_reserve(
    *,
    token: str,
    lines: Sequence[tuple[Variant | int, int]],
    ttl: timedelta = DEFAULT_RESERVATION_TTL,
) -> list[Reservation]:
    """Hold stock for a checkout until ``now + ttl``: every line, or none.

    ``token`` names the checkout attempt. Reserving again with the same token makes
    the hold exactly ``lines`` (a changed cart, a double click): quantities already
    held are kept and topped up or handed back, the expiry is extended, and nothing
    is held twice. Raises ``OutOfStock`` naming each short line and what is left;
    then nothing is reserved for any line and a previous hold stays as it was.
    """
    token = _checked_token(token)
    wanted = _merged_lines(lines)
    if ttl <= timedelta(0):
        raise ValidationError({"ttl": _("A reservation must last some time.")})
    variants = Variant.objects.select_related("product").in_bulk(list(wanted))
    unknown = sorted(set(wanted) - set(variants))
    if unknown:
        raise ValidationError(
            {"lines": _("Unknown variants: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    try:
        with transaction.atomic():
            held = _reserve(
                token=token,
                wanted=wanted,
                variants=variants,
                expires_at=timezone.now() + ttl,
            )
            # Every variant this token ever held: the lines held now and those
            # _reserve just released (a line that left the cart).
            product_stock_refresh(
                variants=Reservation.objects.filter(token=token).values_list(
                    "variant_id", flat=True
                )
            )
            return held
    except _Short as short:
        raise _out_of_stock(wanted, variants, failed=short.variant_id) from None


def reservation_convert(*, token: str) -> list[Reservation]:
    """Turn a checkout's hold into a sale when its order is placed.

    The held units leave on hand and reserved together. A hold that has expired but
    was not yet swept is still converted: nobody else could have taken those units.
    Converting again returns the converted reservations and changes nothing; a hold
    that was released first raises ``ReservationReleased`` (check availability again).
    """
    token = _checked_token(token)
    with transaction.atomic():
        rows = list(Reservation.objects.select_for_update().filter(token=token).order_by("variant"))
        if not rows:
            raise ReservationNotFound()
        active = [r for r in rows if r.status == Status.ACTIVE]
        if not active:
            converted = [r for r in rows if r.status == Status.CONVERTED]
            if converted:
                return converted
            raise ReservationReleased()
        for reservation in active:
            _sell(reservation)
            reservation.status = Status.CONVERTED
        Reservation.objects.filter(pk__in=[r.pk for r in active]).update(
            status=Status.CONVERTED, updated_at=timezone.now()
        )
        product_stock_refresh(variants=[r.variant_id for r in active])
    return active


def reservation_release(*, token: str) -> int:
    """Give back what a checkout holds (abandoned, cancelled); how many lines were released.

    Releasing an unknown, released or converted token does nothing: a sale is never
    undone here (that is a return, ``stock_adjust``).
    """
    token = _checked_token(token)
    with transaction.atomic():
        rows = list(
            Reservation.objects.select_for_update()
            .filter(token=token, status=Status.ACTIVE)
            .order_by("variant")
        )
        _release(rows, reason=Reason.RELEASED)
        product_stock_refresh(variants=[r.variant_id for r in rows])
    return len(rows)


def reservations_release_expired(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Release every active hold past its expiry; how many were released.

    Runs in batches, each its own transaction, and skips rows another transaction has
    locked (a checkout converting its expired hold right now wins; the next sweep sees
    the rest), so the sweep never waits behind a checkout.
    """
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            batch = list(
                Reservation.objects.expired(now)
                .select_for_update(skip_locked=True)
                .order_by("expires_at", "id")[:batch_size]
            )
            _release(batch, reason=Reason.EXPIRED)
            product_stock_refresh(variants=[r.variant_id for r in batch])
        released += len(batch)
        if len(batch) < batch_size:
            return released


# --- Internals --------------------------------------------------------------------


def _reserve(*, token, wanted, variants, expires_at) -> list[Reservation]:
    _lock_token(token)
    existing = {
        r.variant_id: r for r in Reservation.objects.select_for_update().filter(token=token)
    }
    if any(r.status == Status.CONVERTED for r in existing.values()):
        raise ReservationConverted()
    default_location_id = None
    held = []
    for variant_id in sorted(set(wanted) | set(existing)):
        old = existing.get(variant_id)
        was_holding = old is not None and old.status == Status.ACTIVE and old.holds_stock
        quantity = wanted.get(variant_id)
        if quantity is None:  # a line left the cart
            if old.status == Status.ACTIVE:
                _release([old], reason=Reason.RELEASED)
            continue

        if variants[variant_id].inventory_policy == CONTINUE_SELLING:
            if was_holding:
                _release([old], reason=Reason.RELEASED)
            if default_location_id is None:
                default_location_id = location_default().pk
            location_id, holds_stock = default_location_id, False
        elif was_holding and _hold_more(old, quantity - old.quantity, token=token):
            location_id, holds_stock = old.location_id, True
        else:
            if was_holding:
                _release([old], reason=Reason.RELEASED)
            location_id = _hold(variant_id, quantity)
            if location_id is None:
                raise _Short(variant_id)
            StockMovement.objects.create(
                variant_id=variant_id,
                location_id=location_id,
                delta_reserved=quantity,
                reason=Reason.RESERVED,
                reference=token,
            )
            holds_stock = True

        reservation = old or Reservation(token=token, variant_id=variant_id)
        reservation.location_id = location_id
        reservation.quantity = quantity
        reservation.holds_stock = holds_stock
        reservation.status = Status.ACTIVE
        reservation.expires_at = expires_at
        reservation.save()
        held.append(reservation)
    return held


# The first location (default first) with enough free units of the variant, locked
# and updated in one statement. FOR UPDATE in the subquery makes PostgreSQL re-check
# the condition on the newest row version after waiting for its lock and move on to
# the next location if it no longer holds, so a concurrent checkout never makes this
# one fail while another location still has the units.
_HOLD_SQL = """
UPDATE {stock} AS s
   SET reserved = s.reserved + %(quantity)s, updated_at = now()
 WHERE s.id = (
        SELECT c.id
          FROM {stock} AS c
          JOIN {location} AS l ON l.id = c.location_id
         WHERE c.variant_id = %(variant)s AND c.on_hand - c.reserved >= %(quantity)s
         ORDER BY l.is_default DESC, l.id
         LIMIT 1
           FOR UPDATE OF c)
   AND s.on_hand - s.reserved >= %(quantity)s
RETURNING s.location_id
"""


def _hold(variant_id: int, quantity: int) -> int | None:
    """Reserve ``quantity`` at the first location that has it; its id, or None."""
    sql = _HOLD_SQL.format(
        stock=connection.ops.quote_name(StockLevel._meta.db_table),
        location=connection.ops.quote_name(Location._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"variant": variant_id, "quantity": quantity})
        row = cursor.fetchone()
    return row[0] if row else None


def _hold_more(reservation: Reservation, extra: int, *, token: str) -> bool:
    """Change an existing hold in place by ``extra`` units (may be negative or zero)."""
    if extra == 0:
        return True
    levels = StockLevel.objects.filter(
        variant_id=reservation.variant_id, location_id=reservation.location_id
    )
    if extra > 0:
        levels = levels.filter(on_hand__gte=F("reserved") + extra)
    if not levels.update(reserved=F("reserved") + extra, updated_at=timezone.now()):
        return False
    StockMovement.objects.create(
        variant_id=reservation.variant_id,
        location_id=reservation.location_id,
        delta_reserved=extra,
        reason=Reason.RESERVED if extra > 0 else Reason.RELEASED,
        reference=token,
    )
    return True


def _release(reservations: Iterable[Reservation], *, reason: str) -> None:
    """Hand back the units these active reservations hold and mark them released.

    One UPDATE per stock row, in variant order (the order every writer locks in).
    """
    reservations = sorted(reservations, key=lambda r: (r.variant_id, r.location_id, r.pk or 0))
    if not reservations:
        return
    totals: dict[tuple[int, int], int] = {}
    for r in reservations:
        if r.holds_stock:
            key = (r.variant_id, r.location_id)
            totals[key] = totals.get(key, 0) + r.quantity
    now = timezone.now()
    for (variant_id, location_id), quantity in totals.items():
        StockLevel.objects.filter(variant_id=variant_id, location_id=location_id).update(
            reserved=F("reserved") - quantity, updated_at=now
        )
    StockMovement.objects.bulk_create(
        StockMovement(
            variant_id=r.variant_id,
            location_id=r.location_id,
            delta_reserved=-r.quantity,
            reason=reason,
            reference=r.token,
        )
        for r in reservations
        if r.holds_stock
    )
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        status=Status.RELEASED, updated_at=now
    )
    for r in reservations:
        r.status = Status.RELEASED


def _sell(reservation: Reservation) -> None:
    """Take a converted reservation's units off the shelf."""
    q = reservation.quantity
    levels = StockLevel.objects.filter(
        variant_id=reservation.variant_id, location_id=reservation.location_id
    )
    if reservation.holds_stock:
        levels.update(on_hand=F("on_hand") - q, reserved=F("reserved") - q)
        _record_ids(reservation, delta_on_hand=-q, delta_reserved=-q)
        return
    # Sold beyond stock: take what is free, the rest is a backorder.
    level = levels.select_for_update().first()
    taken = min(q, level.available) if level is not None else 0
    if taken:
        levels.update(on_hand=F("on_hand") - taken)
    _record_ids(reservation, delta_on_hand=-taken, backordered=q - taken)


def _record_ids(reservation, *, delta_on_hand=0, delta_reserved=0, backordered=0) -> None:
    StockMovement.objects.create(
        variant_id=reservation.variant_id,
        location_id=reservation.location_id,
        delta_on_hand=delta_on_hand,
        delta_reserved=delta_reserved,
        backordered=backordered,
        reason=Reason.SOLD,
        reference=reservation.token,
    )


def _record(level: StockLevel, *, delta_on_hand: int, reason: str, reference: str) -> None:
    StockMovement.objects.create(
        variant_id=level.variant_id,
        location_id=level.location_id,
        delta_on_hand=delta_on_hand,
        reason=reason,
        reference=reference,
    )


def _locked_level(*, variant_id: int, location: Location | None) -> StockLevel:
    """The stock row for a variant at a location, created if missing, locked."""
    location_id = (location or location_default()).pk
    StockLevel.objects.bulk_create(
        [StockLevel(variant_id=variant_id, location_id=location_id)], ignore_conflicts=True
    )
    return StockLevel.objects.select_for_update().get(
        variant_id=variant_id, location_id=location_id
    )


def _lock_token(token: str) -> None:
    """Serialise reservations by one checkout (a double click sends two at once).

    A transaction-scoped advisory lock: the token's reservation rows may not exist yet,
    so there is no row to lock. The key includes the schema so shops never wait on
    each other's tokens.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"inventory.reservation:{connection.schema_name}:{token}"],
        )


def _out_of_stock(wanted: dict[int, int], variants: dict, *, failed: int) -> OutOfStock:
    """The refusal, naming every line that is short now (the failed one at least)."""
    available = available_quantities(list(wanted))
    shortages = []
    for variant_id, requested in sorted(wanted.items()):
        variant = variants[variant_id]
        if variant.inventory_policy == CONTINUE_SELLING:
            continue
        if variant_id == failed or available[variant_id] < requested:
            name = str(variant.product)
            if variant.sku:
                name = f"{name} ({variant.sku})"
            shortages.append(Shortage(variant_id, name, requested, available[variant_id]))
    return OutOfStock(shortages)


def _merged_lines(lines: Sequence[tuple[Variant | int, int]]) -> dict[int, int]:
    """``{variant_id: quantity}``, with repeated variants added up; bad lines refused."""
    merged: dict[int, int] = {}
    try:
        pairs = [(getattr(v, "pk", v), q) for v, q in lines]
    except (TypeError, ValueError):
        raise ValidationError({"lines": _("Each line is a variant and a quantity.")}) from None
    if not pairs:
        raise ValidationError({"lines": _("Nothing to reserve.")})
    for variant_id, quantity in pairs:
        quantity = _whole_number(quantity, field="lines", minimum=1, maximum=MAX_LINE_QUANTITY)
        if not isinstance(variant_id, int) or isinstance(variant_id, bool):
            raise ValidationError({"lines": _("Each line is a variant and a quantity.")})
        merged[variant_id] = merged.get(variant_id, 0) + quantity
        if merged[variant_id] > MAX_LINE_QUANTITY:
            raise ValidationError(
                {"lines": _("At most %(max)d of one item.") % {"max": MAX_LINE_QUANTITY}}
            )
    return merged


def _whole_number(value, *, field: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Enter a whole number.")})
    if value < minimum:
        message = (
            _("Stock cannot be negative.")
            if minimum == 0
            else _("Enter a number of at least %(min)d.") % {"min": minimum}
        )
        raise ValidationError({field: message})
    if value > maximum:
        raise ValidationError({field: _("Enter a number of at most %(max)d.") % {"max": maximum}})
    return value


def _merchant_reason(reason: str) -> str:
    if reason not in MERCHANT_REASONS:
        raise ValidationError(
            {
                "reason": _("Choose one of: %(reasons)s.")
                % {"reasons": ", ".join(sorted(MERCHANT_REASONS))}
            }
        )
    return reason


def _checked_token(token: str) -> str:
    if not isinstance(token, str) or not token.strip():
        raise ValidationError({"token": _("A checkout token is required.")})
    if len(token) > MAX_TOKEN_LENGTH:
        raise ValidationError(
            {
                "token": _("A checkout token has at most %(max)d characters.")
                % {"max": MAX_TOKEN_LENGTH}
            }
        )
    return token
