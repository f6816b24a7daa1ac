from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.countries import country_choices
from shops.subdomains import MAX_LENGTH


class CountryField(forms.ChoiceField):
    """Where the shop sells from: its currency, shipping and tax start from it."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Country"),
            choices=country_choices,
            # Left out (an old form, a script), the view's guess stands.
            required=False,
            help_text=_("Your currency, shipping and taxes start from it; you can change them."),
            **kwargs,
        )


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), max_length=256
    )
    shop_name = forms.CharField(label=_("Shop name"), max_length=300)
    subdomain = forms.CharField(label=_("Web address"), max_length=MAX_LENGTH + 20, strip=False)
    country = CountryField()


class NewShopForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=300)
    subdomain = forms.CharField(label=_("Web address"), max_length=MAX_LENGTH + 20, strip=False)
    country = CountryField()


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=256)
