"""The newsletter sign-up form's target. Thin: throttle, call the service, go back.

The form sits in a block on any page; it posts here and comes back to that page
(post/redirect/get) with the outcome as a message, shown above the page's blocks.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import services, throttle
from cms.contact import HONEYPOT


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return target.split("#")[0] + "#newsletter"


@require_POST
def newsletter_signup(request: HttpRequest) -> HttpResponseRedirect:
    back = _back(request)
    if request.POST.get(HONEYPOT):
        messages.success(request, _("Thank you for subscribing!"))
        return HttpResponseRedirect(back)
    if not throttle.allow(request, scope="newsletter"):
        messages.error(request, _("Too many attempts in a short time. Please try again later."))
        return HttpResponseRedirect(back)
    try:
        _signup, created = services.newsletter_subscribe(
            email=request.POST.get("email", ""), source=back.split("#")[0]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    if created:
        messages.success(request, _("Thank you for subscribing!"))
    else:
        messages.info(request, _("You are already subscribed. Thank you!"))
    return HttpResponseRedirect(back)
