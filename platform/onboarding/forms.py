from django import forms
from django.utils.translation import gettext_lazy as _

from shops.subdomains import MAX_LENGTH


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), max_length=256
    )
    shop_name = forms.CharField(label=_("Shop name"), max_length=300)
    subdomain = forms.CharField(label=_("Web address"), max_length=MAX_LENGTH + 20, strip=False)


class NewShopForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=300)
    subdomain = forms.CharField(label=_("Web address"), max_length=MAX_LENGTH + 20, strip=False)


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=256)
