from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.templating import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH


class NotificationTemplateForm(forms.Form):
    """Shape only: whether the template compiles and renders is the service's check."""

    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message (HTML)"),
        max_length=BODY_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "souk-code"}),
    )
