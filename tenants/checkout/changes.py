"""What moved between the review page and the submit, said in the shopper's words.

Pure: it compares two snapshots (what was seen, what is true now), so every case is
tested without a database.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from kernel.money import money_format


def pricing_changes(
    *,
    seen_lines: list[dict],
    seen: dict[str, Decimal | None],
    now_lines: list[dict],
    now: dict[str, Decimal],
    currency: str,
    discount_error: str = "",
) -> list[str]:
    """Sentences for everything that differs; empty when the shopper saw the truth.

    ``seen``/``now`` hold ``subtotal``, ``discount``, ``shipping``, ``tax`` and
    ``total``. A checkout never reviewed (no ``total`` seen) is one change: the
    shopper must see the amounts before paying.
    """
    if seen.get("total") is None:
        return [_("Please review your order before paying.")]
    changes: list[str] = []
    before = {line["variant_id"]: line for line in seen_lines}
    after = {line["variant_id"]: line for line in now_lines}
    for variant_id, line in after.items():
        old = before.get(variant_id)
        if old is None:
            changes.append(_("“%(name)s” was added to your cart.") % {"name": line["name"]})
            continue
        if Decimal(old["unit_price"]) != Decimal(line["unit_price"]):
            changes.append(
                _("The price of “%(name)s” changed from %(old)s to %(new)s.")
                % {
                    "name": line["name"],
                    "old": money_format(old["unit_price"], currency),
                    "new": money_format(line["unit_price"], currency),
                }
            )
        if old["quantity"] != line["quantity"]:
            changes.append(
                _("The quantity of “%(name)s” changed from %(old)d to %(new)d.")
                % {"name": line["name"], "old": old["quantity"], "new": line["quantity"]}
            )
    for variant_id, line in before.items():
        if variant_id not in after:
            changes.append(_("“%(name)s” was removed from your cart.") % {"name": line["name"]})
    if discount_error:
        changes.append(
            _("Your discount no longer applies: %(reason)s") % {"reason": discount_error}
        )
    labels = {
        "discount": _("Discount"),
        "shipping": _("Shipping"),
        "tax": _("Tax"),
        "total": _("Total"),
    }
    for key, label in labels.items():
        old, new = seen.get(key), now[key]
        if old is None or Decimal(old) != Decimal(new):
            changes.append(
                _("%(what)s changed from %(old)s to %(new)s.")
                % {
                    "what": label,
                    "old": money_format(old or 0, currency),
                    "new": money_format(new, currency),
                }
            )
    return changes
