"""Shopper input on the account pages.

Forms check the shape of the input; the rules that need the database (a taken
email, the password validators with the new user in hand, the one default
address) live in ``customers.services``, whose ``ValidationError``s the views put
back on these forms with ``add_error(None, error)`` — keyed by field, so each
message lands next to its field and every other value typed is kept.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Address
from notifications.sending import notification_send


class _ShopForm(forms.Form):
    """Labels without a trailing colon, as the storefront's other forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RegisterForm(_ShopForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters; not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ActivateForm(_ShopForm):
    """The invited customer's new password (the e-mail is the record's, not typed)."""

    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=_("At least 8 characters; not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )


class LoginForm(_ShopForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(_ShopForm):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 8 characters; not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, again = data.get("new_password"), data.get("new_password_again")
        if first and again and first != again:
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class ShopperPasswordResetForm(PasswordResetForm):
    """Django's reset form, limited to shopper accounts.

    Staff accounts of a shop are entered through single sign-on and reset through
    the platform; the storefront must not be a second way to change their
    credentials. The page says the same thing whether or not an account matched,
    so it does not reveal who has an account.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email")

    def get_users(self, email):
        users = super().get_users(email)
        return (u for u in users if not u.is_staff and not u.is_superuser)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Sent as the shop's ``password_reset`` notification (the merchant's
        template, the shop's layout, Reply-To); the link is on the shop's primary
        domain (``protocol`` and ``domain`` come from the view, never the Host)."""
        path = reverse(
            "customers:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        to = context["email"]
        notification_send(
            key="password_reset",
            to=to,
            context={
                "customer_email": to,
                "customer_name": context["user"].first_name,
                "reset_url": f"{context['protocol']}://{context['domain']}{path}",
            },
        )


class ShopperSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = [
            "name",
            "company",
            "line1",
            "line2",
            "city",
            "region",
            "postal_code",
            "country",
            "phone",
            "is_default",
        ]
        labels = {"is_default": _("Use as my default address")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "region": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def _post_clean(self):
        """Model validation happens in the service (which knows the customer)."""
