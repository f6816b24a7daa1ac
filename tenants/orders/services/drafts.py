"""Writes on draft orders: the merchant's order for a customer, paid by invoice link.

``draft_order_save`` writes the whole draft (its lines as one list, like
``product_update`` does variants), ``draft_order_send_invoice`` e-mails the link,
``draft_order_delete`` removes an unpaid draft, and ``draft_order_complete`` is
checkout's one call when the invoice is paid: it attaches the order by a conditional
update, so a draft is converted once whatever races (see ``orders.draft_models``).
Each merchant write is recorded in Wagtail's log with the staff user; completion is
on the new order's timeline.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from catalog.models import Variant
from kernel.countries import COUNTRIES
from kernel.money import ZERO, money_parse
from kernel.schemas import on_commit_in_schema
from orders.draft_models import DraftOrder, DraftOrderLine
from orders.models import Order, OrderEvent
from orders.services.timeline import event_record

ADDRESS_FIELDS = (
    "name",
    "company",
    "line1",
    "line2",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
)
MAX_LINES = 250
MAX_QUANTITY = 9999


def draft_order_save(
    *,
    draft: DraftOrder | None = None,
    email: str,
    currency: str,
    lines: list[dict],
    shipping_address: dict | None = None,
    shipping_name: str = "",
    shipping_price=ZERO,
    discount_amount=ZERO,
    discount_reason: str = "",
    note: str = "",
    customer_id: int | None = None,
    user=None,
) -> DraftOrder:
    """Create (``draft`` None) or replace a draft; one ``ValidationError`` keyed by field.

    ``lines`` are dicts: ``variant_id`` (a catalog variant; its titles and SKU are
    copied, its price is the default) or ``title`` (a custom line), ``quantity``,
    ``unit_price`` (the merchant's price; required for a custom line), ``taxable`` and
    ``requires_shipping`` (custom lines; a variant's come from the catalog).
    """
    if draft is not None:
        # Said first: nothing typed can change a paid draft (checked again, locked).
        _refuse_if_completed(DraftOrder.objects.get(pk=draft.pk))
    errors: dict[str, list[str]] = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    built = _lines_clean(lines, errors)
    amounts = {}
    for name, value in (("shipping_price", shipping_price), ("discount_amount", discount_amount)):
        try:
            amounts[name] = money_parse(value, field=name, currency=currency, required=False)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
            amounts[name] = ZERO
        amounts[name] = amounts[name] or ZERO
    subtotal = sum((line.unit_price * line.quantity for line in built), ZERO)
    if built and amounts["discount_amount"] > subtotal:
        errors.setdefault("discount_amount", []).append(
            _("A discount cannot be more than the items cost.")
        )
    address = _address_clean(shipping_address or {}, errors)
    if len(shipping_name or "") > 255 or len(discount_reason or "") > 255:
        errors.setdefault("shipping_name", []).append(_("Enter at most 255 characters."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = draft is None
        if created:
            draft = DraftOrder(created_by=_actor(user))
        else:
            draft = DraftOrder.objects.select_for_update().get(pk=draft.pk)
            _refuse_if_completed(draft)
        draft.email = email
        draft.customer_id = customer_id
        draft.currency = currency
        draft.shipping_address = address
        draft.shipping_name = (shipping_name or "").strip()
        draft.shipping_price = amounts["shipping_price"]
        draft.discount_amount = amounts["discount_amount"]
        draft.discount_reason = (discount_reason or "").strip()
        draft.note = (note or "").strip()
        draft.save()
        if not created:
            draft.lines.all().delete()
        for position, line in enumerate(built):
            line.draft = draft
            line.position = position
        DraftOrderLine.objects.bulk_create(built)
        log(
            instance=draft,
            action="wagtail.create" if created else "wagtail.edit",
            user=user,
            content_changed=True,
        )
    return draft


def draft_order_send_invoice(*, draft: DraftOrder, invoice_url: str, user=None) -> DraftOrder:
    """Mark the draft invoiced and e-mail the customer the link (after commit).

    Sending again re-sends the same link (the customer lost the e-mail); the link
    always shows the draft as it is now.
    """
    with transaction.atomic():
        draft = DraftOrder.objects.select_for_update().get(pk=draft.pk)
        _refuse_if_completed(draft)
        if not draft.lines.exists():
            raise ValidationError(_("Add at least one item before sending the invoice."))
        draft.status = DraftOrder.Status.INVOICE_SENT
        draft.invoice_sent_at = timezone.now()
        draft.save(update_fields=["status", "invoice_sent_at", "updated_at"])
        log(instance=draft, action="orders.draft_invoice_sent", user=user, content_changed=False)
        _queue_invoice(draft, invoice_url)
    return draft


def draft_order_delete(*, draft: DraftOrder, user=None) -> None:
    with transaction.atomic():
        draft = DraftOrder.objects.select_for_update().get(pk=draft.pk)
        _refuse_if_completed(draft)
        log(instance=draft, action="wagtail.delete", user=user, deleted=True)
        draft.delete()


def draft_order_complete(*, draft_id: int, order: Order, actor: str = "") -> DraftOrder:
    """Attach the paid ``order`` to its draft, once; call inside the order's transaction.

    The conditional update is the guard: a draft already paid (another checkout got
    there first) raises ``ValidationError``, and the caller's transaction — the second
    order — rolls back.
    """
    now = timezone.now()
    updated = (
        DraftOrder.objects.filter(pk=draft_id, order__isnull=True)
        .exclude(status=DraftOrder.Status.COMPLETED)
        .update(order=order, status=DraftOrder.Status.COMPLETED, completed_at=now, updated_at=now)
    )
    if updated != 1:
        converted = DraftOrder.objects.filter(pk=draft_id, order=order).first()
        if converted is not None:
            return converted  # the same order again (a retried placement): nothing to do
        raise ValidationError(_("This invoice has already been paid."))
    draft = DraftOrder.objects.get(pk=draft_id)
    event_record(
        order,
        kind=OrderEvent.Kind.PLACED,
        message=_("Created from draft order %(draft)s, paid by invoice.") % {"draft": draft},
        actor=actor,
        data={"draft_order": draft.pk},
    )
    if draft.note:
        event_record(order, kind=OrderEvent.Kind.NOTE, message=draft.note, actor=draft.created_by)
    return draft


def _refuse_if_completed(draft: DraftOrder) -> None:
    if draft.is_completed:
        raise ValidationError(
            _("Draft order %(draft)s is paid; it cannot be changed.") % {"draft": draft}
        )


def _actor(user) -> str:
    if user is None:
        return ""
    return (getattr(user, "email", "") or user.get_username())[:255]


def _lines_clean(lines: list[dict], errors: dict) -> list[DraftOrderLine]:
    if not lines:
        errors.setdefault("lines", []).append(_("Add at least one item."))
        return []
    if len(lines) > MAX_LINES:
        errors.setdefault("lines", []).append(
            _("A draft order has at most %(max)d lines.") % {"max": MAX_LINES}
        )
        return []
    ids = {line.get("variant_id") for line in lines if line.get("variant_id")}
    variants = Variant.objects.select_related("product").in_bulk(ids)
    built = []
    for number, data in enumerate(lines, start=1):
        problems = []
        quantity = data.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            quantity = 0
        if not 1 <= quantity <= MAX_QUANTITY:
            problems.append(_("a quantity from 1 to %(max)d") % {"max": MAX_QUANTITY})
        variant = None
        if data.get("variant_id"):
            variant = variants.get(data["variant_id"])
            if variant is None:
                problems.append(_("a SKU from your catalog, or a title for a custom item"))
        title = (data.get("title") or "").strip()
        if variant is None and not title and not data.get("variant_id"):
            problems.append(_("a title"))
        price = data.get("unit_price")
        if price in (None, "") and variant is not None:
            price = variant.price
        try:
            unit_price = money_parse(price, field="unit_price")
        except ValidationError:
            problems.append(_("a price of zero or more"))
            unit_price = ZERO
        if problems:
            errors.setdefault("lines", []).append(
                _("Line %(n)d needs %(what)s.") % {"n": number, "what": ", ".join(problems)}
            )
            continue
        if variant is not None:
            line = DraftOrderLine(
                variant=variant,
                product_title=variant.product.title[:255],
                variant_title=(variant.title or "")[:255],
                sku=(variant.sku or "")[:255],
                taxable=variant.taxable,
                requires_shipping=variant.requires_shipping,
            )
        else:
            line = DraftOrderLine(
                product_title=title[:255],
                sku=(data.get("sku") or "")[:255],
                taxable=bool(data.get("taxable", True)),
                requires_shipping=bool(data.get("requires_shipping", True)),
            )
        line.quantity = quantity
        line.unit_price = Decimal(unit_price)
        built.append(line)
    return built


def _address_clean(data: dict, errors: dict) -> dict:
    address = {}
    for name in ADDRESS_FIELDS:
        value = str(data.get(name) or "").strip()
        if len(value) > 255 or "\x00" in value:
            errors.setdefault(name, []).append(_("Enter at most 255 characters."))
        address[name] = value
    address["country"] = address["country"].upper()
    if address["country"] and address["country"] not in COUNTRIES:
        errors.setdefault("country", []).append(_("Choose a country from the list."))
    if not any(address.values()):
        return {}
    return address


def _queue_invoice(draft: DraftOrder, invoice_url: str) -> None:
    # Here, not at the top: orders.tasks imports orders.services.timeline (see placing).
    from orders.tasks import draft_invoice_send

    draft_id = draft.pk
    on_commit_in_schema(lambda: draft_invoice_send.delay(draft_id=draft_id, url=invoice_url))
