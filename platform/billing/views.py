"""Public pages of billing on the platform domain: pricing and Stripe's webhook."""

from __future__ import annotations

import logging

import stripe
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from billing.events import event_receive
from billing.models import Plan

logger = logging.getLogger(__name__)

# Stripe's recommended maximum age of a signed webhook (seconds).
WEBHOOK_TOLERANCE = 300


@require_GET
def pricing(request: HttpRequest) -> HttpResponse:
    plans = list(Plan.objects.public())
    return render(request, "billing/pricing.html", {"plans": plans})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify (signature, 5-minute tolerance), keep once, answer fast; a task applies."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("billing: Stripe webhook received but STRIPE_WEBHOOK_SECRET is unset")
        return HttpResponse(status=503)
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=WEBHOOK_TOLERANCE,
        )
    except stripe.SignatureVerificationError:
        logger.warning("billing: Stripe webhook with a bad or stale signature refused")
        return HttpResponseBadRequest("bad signature")
    except ValueError:
        return HttpResponseBadRequest("bad payload")
    event_receive(event=event.to_dict())
    return HttpResponse(status=200)
