"""Run localstripe (a stateful fake of the Stripe API, from PyPI) for the tests.

Started as a subprocess by the ``localstripe`` fixture in tests/billing/conftest.py:
``python tests/support/localstripe_server.py --port N``. It is the unmodified
localstripe server with four small, test-only adjustments, each because localstripe
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = server.app
    app.router.add_post("/v1/checkout/sessions", _session_handler("checkout.session"))
    app.router.add_post("/v1/billing_portal/sessions", _session_handler("billing_portal.session"))
    app.router.add_get("/_souk/sessions", _list_sessions)
    # Stripe Connect accounts and account links (issue 7): see localstripe_connect.py.
    localstripe_connect.register(app)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    web.run_app(app, sock=sock, access_log=None, print=None)


if __name__ == "__main__":
    main()
