"""The guide's two buttons: "this is right" on a step, and hiding the finished guide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from setup_guide.services import setup_guide_dismiss, setup_step_review


def _owner_or_admin(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@require_POST
def review(request, step: str):
    _owner_or_admin(request)
    try:
        setup_step_review(step=step, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("wagtailadmin_home")


@require_POST
def dismiss(request):
    _owner_or_admin(request)
    try:
        setup_guide_dismiss(shop=request.shop, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("wagtailadmin_home")
