"""Register, log in, log out and reset a password.

The reset pages are Django's own views with our templates and forms: their token
(an HMAC over the user's password hash and last login) is bound to one user row of
one shop's schema, so a link made for shop A means nothing on shop B.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts.login_limits import (
    lockout_message,
    lockout_text,
    password_check_failed,
    password_check_locked,
)
from accounts.throttle import RESET_PER_EMAIL, RESET_PER_IP, client_ip, throttle_take
from customers import services
from customers.forms import (
    ActivateForm,
    LoginForm,
    PasswordChangeForm,
    RegisterForm,
    ShopperPasswordResetForm,
    ShopperSetPasswordForm,
)
from customers.invites import has_active_account, invited_customer
from customers.order_claims import order_claim_offer
from customers.sign_in import (
    REGISTRATION_WINDOW_SECONDS,
    customer_sign_in,
    registration_attempted,
    registration_blocked,
)
from customers.views import posted
from shops import addresses


def safe_next(request: HttpRequest) -> str:
    """Where to go after logging in: ``next`` if it stays on this shop's host,
    else the account page. Refusing other hosts stops the login form from being
    used as an open redirect to a look-alike site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("customers:overview")


def _next_field(request: HttpRequest) -> str:
    """The ``next`` to carry in the form: only a safe one, never the default."""
    url = safe_next(request)
    return "" if url == reverse("customers:overview") else url


@never_cache
@csrf_protect
@sensitive_post_parameters("password")
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid() and registration_blocked(request):
        form.add_error(
            None,
            _(
                "Too many accounts were created from your network. Wait %(minutes)d minutes "
                "and try again, or check out as a guest."
            )
            % {"minutes": REGISTRATION_WINDOW_SECONDS // 60},
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        registration_attempted(request)
        try:
            user = services.customer_register(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            customer_sign_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            if order_claim_offer(customer=user, request=request):
                messages.info(
                    request,
                    _("We emailed you a link to add your earlier orders to this account."),
                )
            return redirect(safe_next(request))
    context = {"form": form, "next": _next_field(request)}
    return render(request, "account/register.html", context, status=status)


@never_cache
@csrf_protect
@sensitive_post_parameters("password")
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The invite link: the customer chooses a password and is logged in.

    A link that is forged, expired, for a changed e-mail, or for an account that
    already has a password shows why and where to go instead (never a password form
    that would reset somebody's password)."""
    customer = invited_customer(token)
    if customer is None or has_active_account(customer):
        context = {"active": customer is not None}
        return render(request, "account/activate_invalid.html", context, status=410)
    form = ActivateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.customer_account_activate(
                customer=customer, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            customer_sign_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("customers:overview")
    context = {"form": form, "customer": customer}
    return render(request, "account/activate.html", context)


@never_cache
@csrf_protect
@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        # Failed attempts are limited by axes inside authenticate (accounts.login_limits),
        # counted in this shop's schema only.
        email = form.cleaned_data["email"]
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if user is None:
            locked = lockout_message(request)
            form.add_error(
                None,
                locked or _("That email and password do not match. Check both and try again."),
            )
            status = 429 if locked else 200
        else:
            customer_sign_in(request, user)
            return redirect(safe_next(request))
    context = {"form": form, "next": _next_field(request)}
    return render(request, "account/login.html", context, status=status)


@never_cache
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    """Logging out is a POST (a link or an image could log a shopper out);
    a GET shows the button."""
    if request.method == "POST":
        logout(request)
        messages.info(request, _("You have logged out."))
        return redirect("customers:login")
    return render(request, "account/logout.html")


@never_cache
@csrf_protect
@login_required(login_url=reverse_lazy("customers:login"))
@sensitive_post_parameters("current_password", "new_password", "new_password_again")
def password_change(request: HttpRequest) -> HttpResponse:
    """A logged-in shopper changes their password, typing the current one first.

    A wrong current password counts as a failed login (the same limit and counters
    as the login form), so this page is no side door for guessing it.
    """
    user = request.user
    form = PasswordChangeForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        if password_check_locked(request, email=user.email):
            form.add_error(None, lockout_text())
            status = 429
        else:
            try:
                services.customer_password_change(
                    customer=user,
                    current_password=form.cleaned_data["current_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except ValidationError as error:
                if "current_password" in getattr(error, "error_dict", {}):
                    password_check_failed(request, email=user.email)
                locked = lockout_message(request)
                if locked:
                    form.add_error(None, locked)
                    status = 429
                else:
                    form.add_error(None, error)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, _("Your password was changed."))
                return redirect("customers:overview")
    return render(request, "account/password_change.html", {"form": form}, status=status)


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ShopperPasswordResetForm
    template_name = "account/password_reset.html"
    success_url = reverse_lazy("customers:password_reset_done")

    def form_valid(self, form):
        """The link names the shop's primary domain, never the request's Host (which
        a client sets: a forged one would send the reset token to its own server)."""
        # Per IP and per address, inside this shop; every request counts, for a known
        # address or not, so a refusal tells nothing about who has an account here.
        schema = self.request.shop.schema_name
        allowed = throttle_take(
            (RESET_PER_IP, f"{schema}|{client_ip(self.request)}"),
            (RESET_PER_EMAIL, f"{schema}|{form.cleaned_data['email']}"),
        )
        if not allowed:
            form.add_error(None, _("Too many reset requests. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        scheme, _sep, domain = addresses.shop_url(self.request.shop, "").partition("://")
        self.extra_email_context = {
            "shop_name": self.request.shop.name,
            "protocol": scheme,
            "domain": domain,
        }
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ShopperSetPasswordForm
    template_name = "account/password_reset_confirm.html"
    success_url = reverse_lazy("customers:password_reset_complete")

    def get_user(self, uidb64):
        """Only shopper accounts, as the reset form (staff reset elsewhere)."""
        user = super().get_user(uidb64)
        if user is not None and (user.is_staff or user.is_superuser):
            return None
        return user


@method_decorator(never_cache, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "account/password_reset_complete.html"
