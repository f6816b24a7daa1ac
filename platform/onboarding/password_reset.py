"""Password reset by e-mail: Django's own views, limited per IP and per address, our
templates; a reset ends every session of the account, in every shop too."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.services import account_sessions_end
from accounts.throttle import RESET_PER_EMAIL, RESET_PER_IP, client_ip, throttle_take


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    template_name = "platform/password_reset.html"
    email_template_name = "platform/emails/password_reset.txt"
    subject_template_name = "platform/emails/password_reset_subject.txt"
    success_url = reverse_lazy("onboarding:password_reset_done")

    def form_valid(self, form):
        # Every request counts, for a known address or not, so the refusal tells
        # nothing about which addresses have an account.
        allowed = throttle_take(
            (RESET_PER_IP, client_ip(self.request)),
            (RESET_PER_EMAIL, form.cleaned_data["email"]),
        )
        if not allowed:
            form.add_error(None, _("Too many reset requests. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class SessionsEndingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset ends every session of the account: the platform's (Django does, by the
    password hash) and every shop admin's (accounts.services.account_sessions_end)."""

    template_name = "platform/password_reset_confirm.html"
    success_url = reverse_lazy("onboarding:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_sessions_end(account=form.user)
        return response
