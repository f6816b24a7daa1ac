"""Run localstripe (a stateful fake of the Stripe API, from PyPI) for the tests.

Started as a subprocess by the ``localstripe`` fixture in tests/billing/conftest.py:
``python tests/support/localstripe_server.py --port N``. It is the unmodified
localstripe server with small, test-only adjustments, each because localstripe
(1.15) speaks an older dialect of the API than the code under test:

* it listens on 127.0.0.1 only (localstripe binds every interface) and keeps its
  data in memory (localstripe pickles every write to /tmp/localstripe.pickle, which
  parallel test processes would share);
* a subscription made with a trial is ``trialing`` until ``trial_end="now"`` ends
  it, which invoices and charges the first period as Stripe does (localstripe keeps
  such a subscription ``incomplete`` and never invoices it);
* subscription items given as ``price`` (today's parameter) are read as ``plan``
  (localstripe knows only Plans; in Stripe a Plan id is also a Price id), and each
  subscription item reports its ``price`` beside its ``plan``;
* ``POST /v1/checkout/sessions`` and ``POST /v1/billing_portal/sessions`` — Stripe's
  hosted pages, which localstripe lacks — answer with a session whose ``url`` points
  back at this server. The tests check what Souk asked for (customer, mode, return
  URLs), recorded at ``GET /_souk/sessions``; nothing else about those pages is faked.

Everything else — customers, payment methods, plans, subscriptions, invoices, paying
and failing them, events — is localstripe's own behaviour.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import sys
import time

import localstripe_connect  # tests/support/, beside this script (run as a file)
from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None


def _price_to_plan(items):
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and "price" in item:
                item.setdefault("plan", item.pop("price"))
    return items


_subscription_init = resources.Subscription.__init__
_subscription_update = resources.Subscription._update


def _init(self, *args, items=None, **kwargs):
    days = resources.try_convert_to_int(kwargs.get("trial_period_days"))
    _subscription_init(self, *args, items=_price_to_plan(items), **kwargs)
    if self.latest_invoice is None and (self.trial_end or days):
        now = int(time.time())
        self.status = "trialing"
        self.trial_start = now
        self.trial_end = self.trial_end or now + days * 86400


def _update(self, *args, items=None, **kwargs):
    # Stripe takes proration settings localstripe does not know; it never prorates.
    kwargs.pop("proration_behavior", None)
    kwargs.pop("payment_behavior", None)
    ends_trial = self.status == "trialing" and kwargs.get("trial_end") == "now"
    result = _subscription_update(self, *args, items=_price_to_plan(items), **kwargs)
    if ends_trial:
        # As Stripe does: the trial ends, the first period is invoiced and charged
        # (a declined card leaves the subscription past_due).
        self._create_invoice()
        if self.status == "trialing":
            self.status = "past_due"
    return result


resources.Subscription.__init__ = _init
resources.Subscription._update = _update
resources.SubscriptionItem.price = property(lambda self: self.plan)

_sessions: list[dict] = []


def _session_handler(kind: str):
    async def handler(request):
        data = await server.get_post_data(request) or {}
        n = len(_sessions) + 1
        session = {
            "id": f"{'cs' if kind == 'checkout.session' else 'bps'}_test_{n:06d}",
            "object": kind,
            "livemode": False,
            "url": f"http://127.0.0.1:{request.url.port}/_souk/hosted/{kind}/{n}",
            **{k: v for k, v in data.items() if k != "expand"},
        }
        _sessions.append(session)
        return server.json_response(session)

    return handler


async def _list_sessions(request):
    return server.json_response({"data": _sessions})


# --- Shop payments (Stripe Connect direct charges) -----------------------------------
# Test-only adjustments for the PaymentIntents a shop's checkout makes on its connected
# account; everything they do not name is localstripe's own behaviour:
#
# * every POST is logged with its ``Stripe-Account`` header, ``Idempotency-Key`` and
#   parameters at ``GET /_souk/requests`` (so tests can assert the application fee and
#   the account), and a POST on a connected account (``Stripe-Account``) repeating an
#   ``Idempotency-Key`` gets the first answer back, as Stripe does (localstripe ignores
#   the header; platform billing calls keep localstripe's behaviour, which their tests
#   were written against), or Stripe's ``idempotency_error`` if its parameters differ;
# * PaymentIntents accept ``application_fee_amount`` and ``return_url`` (kept on the
#   object); a card that needs 3-D Secure, confirmed with a ``return_url``, answers
#   ``next_action.type = "redirect_to_url"`` (localstripe only knows ``use_stripe_sdk``);
# * Stripe's decline test cards decline when charged, with Stripe's ``code`` and
#   ``decline_code`` (localstripe declines them only when attached to a customer), and
#   the 402 error of a confirm carries its ``payment_intent`` as Stripe's does;
# * a refund larger than what is left on the charge is refused, as Stripe does;
# * an asynchronous payment (a ``sepa_debit`` PaymentMethod) stays ``processing`` until
#   localstripe's own half-second settlement (localstripe marks it succeeded at once).

_requests: list[dict] = []
_idempotent: dict[tuple, tuple[int, bytes, dict]] = {}
_idempotency_locks: dict[tuple, asyncio.Lock] = {}
_base_url = {"url": ""}

DECLINES = {
    "4000000000000002": ("card_declined", "generic_decline", "Your card was declined."),
    "4000000000009995": (
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "4000000000000069": ("expired_card", "expired_card", "Your card has expired."),
    "4000000000000127": (
        "incorrect_cvc",
        "incorrect_cvc",
        "Your card's security code is incorrect.",
    ),
}


@web.middleware
async def _souk_payments_middleware(request, handler):
    if request.method != "POST" or not request.path.startswith("/v1/"):
        return await handler(request)
    account = request.headers.get("Stripe-Account", "")
    key = request.headers.get("Idempotency-Key", "")
    data = await server.get_post_data(request, remove_auth=False) or {}
    _requests.append(
        {"path": request.path, "account": account, "idempotency_key": key, "params": data}
    )
    if not key or not account:
        return await handler(request)
    cache_key = (request.headers.get("Authorization", ""), account, key)
    lock = _idempotency_locks.setdefault(cache_key, asyncio.Lock())
    async with lock:
        if cache_key in _idempotent:
            status, body, params = _idempotent[cache_key]
            if params != data:
                return server.json_response(
                    {
                        "error": {
                            "type": "idempotency_error",
                            "message": "Keys for idempotent requests can only be used with "
                            "the same parameters they were first used with.",
                        }
                    },
                    status=400,
                )
            return web.Response(status=status, body=body, content_type="application/json")
        response = await handler(request)
        _idempotent[cache_key] = (response.status, response.body, data)
        return response


async def _list_requests(request):
    return server.json_response({"data": _requests})


_pi_init = resources.PaymentIntent.__init__
_pi_confirm = resources.PaymentIntent._confirm
_pi_report_failure = resources.PaymentIntent._report_failure
_pm_charging_is_declined = resources.PaymentMethod._charging_is_declined
_charge_set_auth_failure = resources.Charge._set_auth_failure
_refund_init = resources.Refund.__init__
_charge_initialize = resources.Charge._initialize_charge


def _charge_initialize_async(self, *args, **kwargs):
    _charge_initialize(self, *args, **kwargs)
    settling = self.status == "succeeded" and self.balance_transaction is None
    if settling and self._is_async_payment_method():
        self.status = "pending"  # the settlement callback makes it succeeded


def _pi_init_connect(self, *args, application_fee_amount=None, return_url=None, **kwargs):
    _pi_init(self, *args, **kwargs)
    self.application_fee_amount = resources.try_convert_to_int(application_fee_amount)
    self.return_url = return_url


def _pi_confirm_redirect(self, on_failure_now):
    _pi_confirm(self, on_failure_now)
    if self.next_action and getattr(self, "return_url", None):
        self.next_action = {
            "type": "redirect_to_url",
            "redirect_to_url": {
                "url": f"{_base_url['url']}/_souk/3ds/{self.id}",
                "return_url": self.return_url,
            },
        }


def _pi_report_failure_with_intent(self):
    try:
        _pi_report_failure(self)
    except server.UserError as error:
        error.body["error"]["payment_intent"] = self._export()
        charge = self.latest_charge
        if charge is not None and getattr(charge, "_decline_code", None):
            error.body["error"]["decline_code"] = charge._decline_code
        raise


def _pm_declines(self):
    if self.type == "card" and self._card_number in DECLINES:
        return True
    return _pm_charging_is_declined(self)


def _charge_decline_reason(self):
    _charge_set_auth_failure(self)
    card = resources.PaymentMethod._api_retrieve(self.payment_method)
    if getattr(card, "_card_number", None) in DECLINES:
        self.failure_code, self._decline_code, self.failure_message = DECLINES[card._card_number]


def _refund_within_charge(self, charge=None, payment_intent=None, amount=None, **kwargs):
    wanted = resources.try_convert_to_int(amount)
    charge_id = charge
    if payment_intent is not None and isinstance(payment_intent, str):
        intent = resources.PaymentIntent._api_retrieve(payment_intent)
        charge_id = intent.latest_charge.id if intent.latest_charge else None
    if charge_id:
        found = resources.Charge._api_retrieve(charge_id)
        left = found.amount - found.amount_refunded
        if left <= 0:
            raise server.UserError(
                400, "Charge has already been refunded.", {"code": "charge_already_refunded"}
            )
        if wanted is None:
            amount = left  # Stripe refunds what is left, not the whole charge again
        elif isinstance(wanted, int) and wanted > left:
            raise server.UserError(
                400,
                f"Refund amount ({wanted}) is greater than unrefunded amount on charge ({left})",
                {"code": "amount_too_large"},
            )
    _refund_init(self, charge=charge, payment_intent=payment_intent, amount=amount, **kwargs)


resources.PaymentIntent.__init__ = _pi_init_connect
resources.PaymentIntent._confirm = _pi_confirm_redirect
resources.PaymentIntent._report_failure = _pi_report_failure_with_intent
resources.PaymentMethod._charging_is_declined = _pm_declines
resources.Charge._set_auth_failure = _charge_decline_reason
resources.Refund.__init__ = _refund_within_charge
resources.Charge._initialize_charge = _charge_initialize_async
# --- end of shop payments adjustments -------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = server.app
    app.router.add_post("/v1/checkout/sessions", _session_handler("checkout.session"))
    app.router.add_post("/v1/billing_portal/sessions", _session_handler("billing_portal.session"))
    app.router.add_get("/_souk/sessions", _list_sessions)
    # Stripe Connect accounts and account links: see localstripe_connect.py.
    localstripe_connect.register(app)
    app.router.add_get("/_souk/requests", _list_requests)
    app.middlewares.insert(0, _souk_payments_middleware)
    _base_url["url"] = f"http://127.0.0.1:{args.port}"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    web.run_app(app, sock=sock, access_log=None, print=None)


if __name__ == "__main__":
    main()
