"""The shop admin's form for one theme's settings, built from its schema.

Fields only carry widgets; every value is checked by ``themes.schema`` (the same
rules the services apply), so the admin and the services can never disagree.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from themes.registry import Theme
from themes.schema import Setting, validate_values


def _field(setting: Setting) -> forms.Field:
    common = {"label": setting.label, "help_text": setting.help, "required": False}
    if setting.type == "color":
        return forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), **common)
    if setting.type in ("select", "font"):
        return forms.CharField(widget=forms.Select(choices=setting.choices), **common)
    if setting.type == "range":
        attrs = {"min": setting.min, "max": setting.max, "step": setting.step}
        return forms.CharField(widget=forms.NumberInput(attrs=attrs), **common)
    if setting.type == "checkbox":
        return forms.BooleanField(**common)
    return forms.CharField(
        widget=forms.TextInput(attrs={"maxlength": setting.max_length}), **common
    )


class ThemeSettingsForm(forms.Form):
    def __init__(self, *args, theme: Theme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.theme = theme
        for setting in theme.settings:
            self.fields[setting.id] = _field(setting)
            self.fields[setting.id].group = setting.group

    def clean(self):
        data = super().clean()
        values = {s.id: data.get(s.id) for s in self.theme.settings}
        try:
            self.values = validate_values(self.theme.settings, values)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data

    def groups(self):
        """Fields grouped as the manifest groups them, in manifest order."""
        grouped: dict[str, list] = {}
        for name in self.fields:
            grouped.setdefault(self.fields[name].group, []).append(self[name])
        return list(grouped.items())
