"""The Connect webhook on the platform domain: verify, keep once, answer fast.

Its own signing secret (``STRIPE_CONNECT_WEBHOOK_SECRET``): in Stripe a Connect
endpoint ("events on connected accounts") is a separate endpoint from the platform's
own (billing's), with a secret of its own.
"""

from __future__ import annotations

import logging

import stripe
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.views import WEBHOOK_TOLERANCE
from connect.events import event_receive

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_connect_webhook(request: HttpRequest) -> HttpResponse:
    """400 for a forged, stale or garbled delivery (nothing stored); 200 otherwise,
    ignored events included, so Stripe stops resending what we chose not to apply."""
    secret = settings.STRIPE_CONNECT_WEBHOOK_SECRET
    if not secret:
        logger.error("connect: webhook received but STRIPE_CONNECT_WEBHOOK_SECRET is unset")
        return HttpResponse(status=503)
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            secret,
            tolerance=WEBHOOK_TOLERANCE,
        )
    except stripe.SignatureVerificationError:
        logger.warning("connect: Stripe webhook with a bad or stale signature refused")
        return HttpResponseBadRequest("bad signature")
    except ValueError:
        return HttpResponseBadRequest("bad payload")
    payload = event.to_dict()
    if not isinstance(payload.get("id"), str) or not payload["id"]:
        return HttpResponseBadRequest("not an event")
    event_receive(event=payload)
    return HttpResponse(status=200)
