"""Public pages of billing on the platform domain: pricing and Stripe's webhook."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from billing.intake import event_receive
from billing.models import Plan
from kernel.stripe_client import WebhookRefused, webhook_event

logger = logging.getLogger(__name__)


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
        event = webhook_event(
            body=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
            secret=settings.STRIPE_WEBHOOK_SECRET,
        )
    except WebhookRefused as refused:
        logger.warning("billing: Stripe webhook refused: %s", refused)
        return HttpResponseBadRequest(str(refused))
    event_receive(event=event)
    return HttpResponse(status=200)
