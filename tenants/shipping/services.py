"""Writes of shipping zones and rates, with the checks the database cannot make.

A country may be in one zone only. PostgreSQL cannot make that a constraint across
rows of an array column, so creating or changing a zone locks the zone table
(``SHARE ROW EXCLUSIVE``: readers go on, a second writer waits) and then looks for
the overlap; two merchants' staff adding France to two zones at once cannot both win.
The lock is on this shop's table only (the schema is on the search path).

These functions are the one write path for zones and rates (the shop admin's zone
form with its rates inline, commands, later the APIs); each write leaves an entry in
Wagtail's audit log with the staff ``user`` who made it (none for commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kernel.countries import country_name
from shipping.countries import countries_parse
from shipping.defaults import flat_rates_for
from shipping.models import ShippingRate, ShippingZone


def zone_countries_clean(
    countries, *, exclude_pk: int | None = None, rest_of_world: bool = False
) -> list[str]:
    """The zone's country codes, or ``ValidationError`` naming what is wrong.

    The rest-of-world zone lists none (it covers what the others do not list), and
    a shop has one at most.
    """
    if rest_of_world:
        others = ShippingZone.objects.filter(rest_of_world=True).exclude(pk=exclude_pk)
        if others.exists():
            raise ValidationError(_("The shop already has a “rest of world” zone."))
        return []
    codes, unknown = countries_parse(countries)
    if unknown:
        raise ValidationError(
            _("Not a two-letter country code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if not codes:
        raise ValidationError(_("A zone needs at least one country."))
    taken = ShippingZone.objects.filter(countries__overlap=codes).exclude(pk=exclude_pk)
    for zone in taken.order_by("name"):
        both = [c for c in codes if c in zone.countries]
        raise ValidationError(
            _("%(codes)s already in the zone “%(zone)s”; a country can be in one zone only.")
            % {"codes": ", ".join(both), "zone": zone.name}
        )
    return codes


def rate_problems(
    *,
    kind: str,
    price: Decimal | None,
    min_subtotal: Decimal | None = None,
    min_weight_grams: int | None = None,
    max_weight_grams: int | None = None,
) -> dict[str, str]:
    """What is wrong with a rate, by field; shared with the admin form."""
    problems: dict[str, str] = {}
    if kind not in ShippingRate.Kind.values:
        problems["kind"] = _("Choose a type of rate.")
    if price is None or price < 0:
        problems["price"] = _("Enter a price of 0 or more.")
    if kind == ShippingRate.Kind.FREE_OVER and (min_subtotal is None or min_subtotal < 0):
        problems["min_subtotal"] = _("Enter the subtotal from which shipping is free.")
    if kind == ShippingRate.Kind.BY_WEIGHT:
        if min_weight_grams is None:
            problems["min_weight_grams"] = _("Enter the weight from which this rate applies.")
        elif max_weight_grams is not None and max_weight_grams < min_weight_grams:
            problems["max_weight_grams"] = _("The weight range ends before it starts.")
    return problems


def _lock_zones() -> None:
    table = connection.ops.quote_name(ShippingZone._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def _rate_build(zone: ShippingZone, position: int, rate: dict) -> ShippingRate:
    fields = {
        "kind": ShippingRate.Kind.FLAT,
        "min_subtotal": None,
        "min_weight_grams": None,
        "max_weight_grams": None,
        **rate,
    }
    fields["price"] = Decimal(fields["price"])
    if fields["min_subtotal"] is not None:
        fields["min_subtotal"] = Decimal(fields["min_subtotal"])
    problems = rate_problems(**{k: v for k, v in fields.items() if k != "name"})
    if problems:
        raise ValidationError(problems)
    built = ShippingRate(zone=zone, position=position, **fields)
    built.full_clean(exclude=["zone"])
    return built


def _rates_clean(zone: ShippingZone, rates: Iterable[dict]) -> list[ShippingRate]:
    """The zone's rates, in order, each built and checked; ``id`` keeps an existing one."""
    own = set(zone.rates.values_list("pk", flat=True)) if zone.pk else set()
    built = []
    for position, rate in enumerate(rates):
        rate = dict(rate)
        pk = rate.pop("id", None)
        if pk and pk not in own:
            raise ValidationError(_("That rate is not one of this zone’s."))
        row = _rate_build(zone, position, rate)
        row.pk = pk
        built.append(row)
    return built


def _rates_write(zone: ShippingZone, rates: list[ShippingRate]) -> None:
    zone.rates.exclude(pk__in=[r.pk for r in rates if r.pk]).delete()
    for rate in rates:
        rate.zone = zone
        rate.save()


def shipping_zone_create(
    *,
    name: str,
    countries: Iterable[str] | str = (),
    rates: Iterable[dict] = (),
    rest_of_world: bool = False,
    user=None,
) -> ShippingZone:
    """A zone with its rates (dicts of ``ShippingRate`` fields), all or nothing.
    ``rest_of_world``: the zone for every country no other zone lists (no countries)."""
    with transaction.atomic():
        _lock_zones()
        codes = zone_countries_clean(countries, rest_of_world=rest_of_world)
        zone = ShippingZone(name=(name or "").strip(), countries=codes, rest_of_world=rest_of_world)
        zone.full_clean()
        built = _rates_clean(zone, rates)
        zone.save()
        _rates_write(zone, built)
        log(instance=zone, action="wagtail.create", user=user, content_changed=True)
    return zone


def shipping_zone_update(
    *,
    zone: ShippingZone,
    name: str | None = None,
    countries: Iterable[str] | str | None = None,
    rates: Iterable[dict] | None = None,
    rest_of_world: bool | None = None,
    user=None,
) -> ShippingZone:
    """Change the given fields; ``rates``, when given, is the zone's whole list: a dict
    with the ``id`` of one of its rates changes it, one without adds a rate, and rates
    left out are deleted. Making a zone the rest of world drops its countries."""
    with transaction.atomic():
        _lock_zones()
        if rest_of_world is not None:
            zone.rest_of_world = rest_of_world
        if countries is not None or rest_of_world is not None:
            zone.countries = zone_countries_clean(
                zone.countries if countries is None else countries,
                exclude_pk=zone.pk,
                rest_of_world=zone.rest_of_world,
            )
        if name is not None:
            zone.name = name.strip()
        zone.full_clean()
        built = None if rates is None else _rates_clean(zone, rates)
        zone.save()
        if built is not None:
            _rates_write(zone, built)
        log(instance=zone, action="wagtail.edit", user=user, content_changed=True)
    return zone


def shipping_zone_delete(*, zone: ShippingZone, user=None) -> None:
    """Delete a zone and its rates: its countries are then not shipped to."""
    with transaction.atomic():
        log(instance=zone, action="wagtail.delete", user=user, deleted=True)
        zone.delete()


def shipping_rate_create(
    *, zone: ShippingZone, name: str, price, user=None, **fields
) -> ShippingRate:
    with transaction.atomic():
        position = zone.rates.count()
        rate = _rate_build(zone, position, {"name": name, "price": price, **fields})
        rate.save()
        log(instance=zone, action="wagtail.edit", user=user, content_changed=True)
    return rate


def shipping_defaults_create(*, country: str, currency: str, user=None) -> list[ShippingZone]:
    """A new shop's zones: its own country at a flat rate, and the rest of the world
    at a dearer one (``shipping.defaults``), so it can sell anywhere on day one."""
    domestic_price, world_price = flat_rates_for(currency)
    with transaction.atomic():
        domestic = shipping_zone_create(
            name=country_name(country),
            countries=[country],
            rates=[{"name": _("Standard shipping"), "price": domestic_price}],
            user=user,
        )
        world = shipping_zone_create(
            name=_("Rest of world"),
            rest_of_world=True,
            rates=[{"name": _("International shipping"), "price": world_price}],
            user=user,
        )
    return [domestic, world]
