"""The Connect webhook on the platform domain: verify, keep once, answer fast.

Its own signing secret (``STRIPE_CONNECT_WEBHOOK_SECRET``): in Stripe a Connect
endpoint ("events on connected accounts") is a separate endpoint from the platform's
own (billing's), with a secret of its own.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from connect.intake import event_receive
from kernel.stripe_client import WebhookRefused, webhook_event

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
        payload = webhook_event(
            body=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
            secret=secret,
        )
    except WebhookRefused as refused:
        logger.warning("connect: Stripe webhook refused: %s", refused)
        return HttpResponseBadRequest(str(refused))
    event_receive(event=payload)
    return HttpResponse(status=200)
