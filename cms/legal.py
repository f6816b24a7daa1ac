"""The policy pages a new shop starts with: refund, privacy and terms of service.

They are ordinary content pages made from the templates below when the shop is
provisioned; the merchant edits them like any other page (Content → Pages), and
nothing regenerates them afterwards. The text is a plain, general starting point,
not legal advice; the admin's setup guide asks the merchant to review it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template import Context, Template
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LegalPage:
    slug: str
    title: str
    body: str  # a Django template, rendered with the shop's name and country


REFUND = """<h2>Returns</h2>
<p>If you are not happy with your order, you can return it within 30 days of delivery
for a refund. Items must be unused and in their original packaging. To start a return,
contact {{ shop_name }} with your order number.</p>
<h2>Refunds</h2>
<p>Once we receive and check the returned items, we refund the price you paid to your
original payment method within 14 days. The cost of shipping the items back to us is
yours unless the item arrived damaged or was not what you ordered.</p>
<h2>Damaged or wrong items</h2>
<p>If an item arrives damaged or is not what you ordered, contact us within 14 days of
delivery with a photo, and we will replace it or refund it in full, shipping included.</p>
<h2>Exceptions</h2>
<p>Gift cards, personalised items and perishable goods cannot be returned unless they
arrive damaged.</p>"""

PRIVACY = """<h2>Who we are</h2>
<p>This shop, {{ shop_name }}, decides how your personal data is used when you visit it
or buy from it.</p>
<h2>What we collect</h2>
<p>When you order, we collect your name, e-mail address, shipping and billing addresses
and the items you buy. Payments are handled by our payment provider: we never see or
store your full card number.</p>
<h2>Why we use it</h2>
<ul><li>to take, ship and support your orders;</li>
<li>to keep our shop secure and prevent fraud;</li>
<li>to send you news, only if you asked us to (you can unsubscribe at any time).</li></ul>
<h2>Who we share it with</h2>
<p>Only with the companies that help us run the shop — hosting, payments and delivery —
and only what they need for that.</p>
<h2>Your rights</h2>
<p>You can ask us for a copy of your data, to correct it or to delete it. Contact us and
we will answer within 30 days.</p>
<h2>Cookies</h2>
<p>We use the cookies the shop needs to work (your cart, your login). We do not use
advertising cookies.</p>"""

TERMS = """<h2>About these terms</h2>
<p>These terms apply to every order placed with {{ shop_name }}. By placing an order
you accept them.</p>
<h2>Orders and prices</h2>
<p>Prices are shown in the shop's currency. An order is accepted when we send the
confirmation e-mail. If an item turns out to be out of stock or wrongly priced, we will
tell you and refund anything you paid for it.</p>
<h2>Payment</h2>
<p>Payment is taken when you place your order.</p>
<h2>Delivery</h2>
<p>We ship to the countries offered at checkout. Delivery times are estimates; the risk
passes to you when the parcel is delivered.</p>
<h2>Returns</h2>
<p>Our refund policy explains how to return an item and get your money back.</p>
<h2>Liability</h2>
<p>Nothing in these terms limits your rights as a consumer under the law of your
country.</p>"""

LEGAL_PAGES = (
    LegalPage("refund-policy", _("Refund policy"), REFUND),
    LegalPage("privacy-policy", _("Privacy policy"), PRIVACY),
    LegalPage("terms-of-service", _("Terms of service"), TERMS),
)


def legal_body(page: LegalPage, *, shop_name: str) -> str:
    return Template(page.body).render(Context({"shop_name": shop_name}))
