"""The steps before paying: contact, address, shipping method, review.

Each step validates and stores its own part of the ``CheckoutSession``; a later step
refuses to run before the earlier ones are done (a shopper who bookmarks the payment
page is sent back to the first missing step). Changing an earlier step clears what
depended on it: a new address forgets the shipping method, which was priced for the
old one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cart.models import Cart
from cart.pricing import Pricing, cart_price
from cart.selectors import CartItem, cart_items
from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from kernel.countries import COUNTRIES, REGIONS, country_name
from shipping.selectors import shipping_quote, shipping_rates

ADDRESS_FIELDS = ("name", "company", "line1", "line2", "city", "region", "postal_code", "country")
REQUIRED_ADDRESS_FIELDS = ("name", "line1", "city", "postal_code", "country")
ADDRESS_MAX_LENGTH = 255
PHONE_MAX_LENGTH = 32


def checkout_for_cart(*, cart: Cart, session_token=None, customer=None) -> CheckoutSession:
    """The open checkout of this cart named by ``session_token``, or a new one.

    A token from another cart, or of a completed checkout, starts afresh: after an
    order the same browser's next checkout must not reuse the placed one's token.
    """
    found = None
    if session_token:
        found = CheckoutSession.objects.filter(
            token=session_token, cart=cart, state=CheckoutSession.State.OPEN
        ).first()
    if found is not None:
        return found
    email = customer.email if customer is not None else ""
    return CheckoutSession.objects.create(
        cart=cart, customer=customer, email=email, discount_code=cart.discount_code
    )


def checkout_set_contact(*, session: CheckoutSession, email: str) -> CheckoutSession:
    email = (email or "").strip().lower()
    try:
        if len(email) > 254:
            raise ValidationError("")
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address, like name@example.com.")}
        ) from None
    _require_open(session)
    session.email = email
    session.save(update_fields=["email", "updated_at"])
    return session


def address_clean(data: dict) -> dict:
    """An address dict with every field checked; field errors name what to fix."""
    errors: dict[str, str] = {}
    address = {}
    for field in (*ADDRESS_FIELDS, "phone"):
        value = str(data.get(field) or "").strip()
        limit = PHONE_MAX_LENGTH if field == "phone" else ADDRESS_MAX_LENGTH
        if "\x00" in value or len(value) > limit:
            errors[field] = _("Enter at most %(max)d characters.") % {"max": limit}
        address[field] = value
    for field in REQUIRED_ADDRESS_FIELDS:
        if not address[field] and field not in errors:
            errors[field] = _("This field is required.")
    country = address["country"].upper()
    address["country"] = country
    if country and country not in COUNTRIES:
        errors["country"] = _("Choose a country from the list.")
    regions = REGIONS.get(country)
    if regions:
        region = address["region"].upper()
        address["region"] = region
        if region not in regions:
            errors["region"] = _("Choose a state or province of %(country)s.") % {
                "country": country_name(country)
            }
    else:
        address["region"] = ""
    if errors:
        raise ValidationError(errors)
    return address


def checkout_set_address(*, session: CheckoutSession, address: dict) -> CheckoutSession:
    """Keep the shipping address; refused when the shop ships nothing there.

    The check is made here rather than at the next step so the shopper can fix the
    address on the form they are on.
    """
    address = address_clean(address)
    _require_open(session)
    items = _items(session)
    pricing = cart_price(items=items)
    if pricing.requires_shipping:
        rates = shipping_rates(
            country=address["country"],
            subtotal=pricing.subtotal,
            weight_grams=pricing.weight_grams,
        )
        if not rates:
            raise ValidationError(
                {
                    "country": _("Sorry, this shop does not ship to %(country)s.")
                    % {"country": country_name(address["country"])}
                }
            )
    if address != session.shipping_address:
        session.shipping_address = address
        session.shipping_rate_id = None
        session.save(update_fields=["shipping_address", "shipping_rate_id", "updated_at"])
    return session


def checkout_shipping_options(*, session: CheckoutSession) -> list:
    items = _items(session)
    pricing = cart_price(items=items)
    if not session.country:
        raise CheckoutError(_("Enter your address first."), step="address")
    return shipping_rates(
        country=session.country,
        subtotal=pricing.subtotal,
        weight_grams=pricing.weight_grams,
        requires_shipping=pricing.requires_shipping,
    )


def checkout_set_shipping(*, session: CheckoutSession, rate_id) -> CheckoutSession:
    _require_open(session)
    try:
        rate_id = int(str(rate_id))
    except (TypeError, ValueError):
        rate_id = None
    if not session.country:
        raise CheckoutError(_("Enter your address first."), step="address")
    items = _items(session)
    pricing = cart_price(items=items)
    quote = None
    if rate_id is not None:
        quote = shipping_quote(
            rate_id=rate_id,
            country=session.country,
            subtotal=pricing.subtotal,
            weight_grams=pricing.weight_grams,
        )
    if quote is None:
        raise ValidationError({"rate_id": _("Choose one of the shipping methods shown.")})
    session.shipping_rate_id = rate_id
    session.save(update_fields=["shipping_rate_id", "updated_at"])
    return session


def checkout_pricing_needs_shipping(session: CheckoutSession) -> bool:
    """Whether anything in the cart is shipped (gift cards, downloads are not)."""
    return cart_price(items=_items(session)).requires_shipping


@dataclass(frozen=True)
class Review:
    pricing: Pricing
    shipping_name: str


def checkout_pricing(
    *, session: CheckoutSession, items: list[CartItem] | None = None, currency: str | None = None
) -> Review:
    """Everything priced now for this checkout; refuses when a step is missing.

    Raises ``CheckoutError`` naming the step to go back to: no items, no email, no
    address, no shipping method (or one that no longer serves the address).
    """
    items = _items(session) if items is None else items
    if not items:
        raise CheckoutError(_("Your cart is empty."), step="cart")
    if not session.email:
        raise CheckoutError(_("Enter your email address."), step="contact")
    if not session.country:
        raise CheckoutError(_("Enter your address."), step="address")
    base = cart_price(items=items, currency=currency)
    shipping_name, shipping_price = "", None
    if base.requires_shipping:
        if session.shipping_rate_id is None:
            raise CheckoutError(_("Choose a shipping method."), step="shipping")
        quote = shipping_quote(
            rate_id=session.shipping_rate_id,
            country=session.country,
            subtotal=base.subtotal,
            weight_grams=base.weight_grams,
        )
        if quote is None:
            raise CheckoutError(
                _("The shipping method you chose is no longer available; choose another."),
                step="shipping",
            )
        shipping_name, shipping_price = quote.name, quote.price
    pricing = cart_price(
        items=items,
        currency=currency,
        discount_code=session.discount_code,
        email=session.email,
        country=session.country,
        region=session.region,
        shipping_name=shipping_name,
        shipping_price=shipping_price,
    )
    return Review(pricing=pricing, shipping_name=shipping_name)


@transaction.atomic
def checkout_review(*, session: CheckoutSession) -> Review:
    """Price the checkout for the review page and remember it as what the shopper saw."""
    _require_open(session)
    items = _items(session)
    problems = [item.problem for item in items if item.problem]
    if problems:
        raise CheckoutError(" ".join(problems), step="cart")
    review = checkout_pricing(session=session, items=items)
    remember_seen(session, review.pricing)
    return review


def remember_seen(session: CheckoutSession, pricing: Pricing) -> None:
    session.seen_lines = seen_lines(pricing)
    session.seen_subtotal = pricing.subtotal
    session.seen_discount = pricing.discount_total
    session.seen_shipping = pricing.shipping_total
    session.seen_tax = pricing.tax_total
    session.seen_total = pricing.total
    if pricing.discount_error:
        # The code stopped applying; shown once, then the checkout goes on without it.
        session.discount_code = ""
    session.save()


def seen_lines(pricing: Pricing) -> list[dict]:
    return [
        {
            "variant_id": item.variant.pk,
            "name": item.name,
            "quantity": item.quantity,
            "unit_price": str(item.unit_price),
        }
        for item in pricing.items
    ]


def _items(session: CheckoutSession) -> list[CartItem]:
    return cart_items(session.cart) if session.cart_id else []


def _require_open(session: CheckoutSession) -> None:
    if not session.is_open:
        raise CheckoutError(_("This checkout is already complete."), step="done")
