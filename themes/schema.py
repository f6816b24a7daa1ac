"""A theme's settings schema, and the merchant's values checked against it.

The schema lives in the theme's ``theme.json`` so that a web designer can add a
setting without Python (docs/themes.md). It is a list, not a mapping, because the
order is the order the merchant sees in the shop admin.

Values are validated here, in one place, for the admin form *and* the services: a
draft or a publish with one bad value is refused whole, with one message per setting,
so nothing half-valid ever reaches a storefront.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

SETTING_TYPES = ("color", "font", "select", "range", "checkbox", "text")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SETTING_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CSS_VAR = re.compile(r"^--[a-z][a-z0-9-]{0,39}$")
TEXT_MAX = 200


@dataclass(frozen=True)
class Setting:
    """One merchant-editable setting of a theme (one entry of ``settings``)."""

    id: str
    type: str
    label: str
    default: Any
    help: str = ""
    css_var: str = ""
    group: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None
    step: Decimal | None = None
    unit: str = ""
    max_length: int = TEXT_MAX
    extra: dict = field(default_factory=dict, compare=False)

    def css_value(self, value, fonts: dict) -> str:
        """The value as CSS: a font becomes its family stack, a range gets its unit."""
        if self.type == "font":
            font = fonts.get(value)
            return font["stack"] if font else ""
        if self.type == "range":
            return f"{value}{self.unit}"
        if self.type == "checkbox":
            return "1" if value else "0"
        return str(value)


def parse_schema(raw: list, *, theme: str, fonts: dict) -> tuple[Setting, ...]:
    """Turn a manifest's ``settings`` into ``Setting`` objects, or refuse the theme.

    A broken manifest is the designer's mistake, found at start-up (system check and
    registry), never by a merchant on a live shop.
    """
    if not isinstance(raw, list):
        raise ImproperlyConfigured(f"Theme {theme!r}: 'settings' must be a list.")
    settings: list[Setting] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"Theme {theme!r}, setting #{index + 1}"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where}: must be an object.")
        sid = entry.get("id", "")
        if not isinstance(sid, str) or not SETTING_ID.match(sid):
            raise ImproperlyConfigured(f"{where}: 'id' must be lowercase letters, digits, _.")
        if sid in seen:
            raise ImproperlyConfigured(f"{where}: duplicate id {sid!r}.")
        seen.add(sid)
        kind = entry.get("type")
        if kind not in SETTING_TYPES:
            raise ImproperlyConfigured(
                f"{where} ({sid}): 'type' must be one of {', '.join(SETTING_TYPES)}."
            )
        css_var = entry.get("css_var", "")
        if css_var and not CSS_VAR.match(css_var):
            raise ImproperlyConfigured(f"{where} ({sid}): 'css_var' must look like --name.")
        if css_var and kind == "text":
            # Free text in a <style> block could close the rule and add others.
            raise ImproperlyConfigured(f"{where} ({sid}): a text setting cannot set a CSS var.")
        kwargs: dict[str, Any] = {}
        if kind == "select":
            choices = entry.get("choices") or []
            pairs = []
            for choice in choices:
                if isinstance(choice, dict):
                    pairs.append((str(choice["value"]), str(choice.get("label", choice["value"]))))
                else:
                    pairs.append((str(choice), str(choice)))
            if not pairs:
                raise ImproperlyConfigured(f"{where} ({sid}): a select needs 'choices'.")
            kwargs["choices"] = tuple(pairs)
        elif kind == "font":
            names = entry.get("choices") or sorted(fonts)
            unknown = [n for n in names if n not in fonts]
            if unknown:
                raise ImproperlyConfigured(
                    f"{where} ({sid}): unknown fonts {unknown}; bundled: {sorted(fonts)}."
                )
            kwargs["choices"] = tuple((n, fonts[n]["label"]) for n in names)
        elif kind == "range":
            try:
                kwargs["min"] = Decimal(str(entry["min"]))
                kwargs["max"] = Decimal(str(entry["max"]))
                kwargs["step"] = Decimal(str(entry.get("step", 1)))
            except (KeyError, InvalidOperation):
                raise ImproperlyConfigured(
                    f"{where} ({sid}): a range needs numeric 'min' and 'max'."
                ) from None
            if kwargs["min"] > kwargs["max"] or kwargs["step"] <= 0:
                raise ImproperlyConfigured(f"{where} ({sid}): needs min <= max and step > 0.")
            kwargs["unit"] = str(entry.get("unit", ""))
        elif kind == "text":
            kwargs["max_length"] = int(entry.get("max_length", TEXT_MAX))
        setting = Setting(
            id=sid,
            type=kind,
            label=str(entry.get("label") or sid),
            default=entry.get("default"),
            help=str(entry.get("help", "")),
            css_var=css_var,
            group=str(entry.get("group", "")),
            extra=entry,
            **kwargs,
        )
        try:
            clean_value(setting, setting.default)
        except ValidationError as error:
            raise ImproperlyConfigured(
                f"{where} ({sid}): default {setting.default!r} is invalid: {error.messages[0]}"
            ) from None
        settings.append(setting)
    return tuple(settings)


def clean_value(setting: Setting, value):
    """One value, checked and normalised to what templates receive; or ValidationError."""
    kind = setting.type
    if kind == "color":
        if not isinstance(value, str) or not HEX_COLOR.match(value.strip()):
            raise ValidationError(
                _("Enter a colour as # followed by six hexadecimal digits, e.g. #1a2b3c.")
            )
        return value.strip().lower()
    if kind in ("select", "font"):
        allowed = [v for v, _label in setting.choices]
        if not isinstance(value, str) or value not in allowed:
            raise ValidationError(
                _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(label for _v, label in setting.choices)}
            )
        return value
    if kind == "range":
        if isinstance(value, bool):
            value = None
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if number < setting.min or number > setting.max:
            raise ValidationError(
                _("Enter a number from %(min)s to %(max)s.")
                % {"min": _plain(setting.min), "max": _plain(setting.max)}
            )
        if (number - setting.min) % setting.step:
            raise ValidationError(
                _("Enter a multiple of %(step)s from %(min)s.")
                % {"step": _plain(setting.step), "min": _plain(setting.min)}
            )
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "checkbox":
        if isinstance(value, bool):
            return value
        if value in ("true", "on", "1", 1):
            return True
        if value in ("false", "off", "0", 0, "", None):
            return False
        raise ValidationError(_("Choose yes or no."))
    if kind == "text":
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(_("Enter text."))
        value = " ".join(value.split())
        if len(value) > setting.max_length:
            raise ValidationError(_("Enter at most %(n)d characters.") % {"n": setting.max_length})
        if any(c in value for c in "<>{}"):
            raise ValidationError(_("Remove the characters < > { }."))
        return value
    raise ValidationError(_("Unknown setting type."))  # pragma: no cover - schema refuses


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def validate_values(schema: tuple[Setting, ...], values: dict) -> dict:
    """Every setting of ``schema``, cleaned; a missing value takes its default.

    Raises one ``ValidationError`` keyed by setting id with every bad value's message,
    and refuses ids the theme does not declare (a typo must not vanish silently).
    """
    if not isinstance(values, dict):
        raise ValidationError(_("Settings must be a set of named values."))
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    known = {s.id for s in schema}
    for name in values:
        if name not in known:
            errors.setdefault(name, []).append(_("This theme has no setting by that name."))
    for setting in schema:
        raw = values.get(setting.id, setting.default)
        try:
            cleaned[setting.id] = clean_value(setting, raw)
        except ValidationError as error:
            errors[setting.id] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def defaults(schema: tuple[Setting, ...]) -> dict:
    return {s.id: clean_value(s, s.default) for s in schema}


def merge_stored(schema: tuple[Setting, ...], stored: dict | None) -> dict:
    """Stored values read back for display: each valid one kept, others defaulted.

    A theme update may rename a setting or narrow a range; a shop's stored values then
    fall back per setting instead of breaking its storefront.
    """
    result = {}
    for setting in schema:
        try:
            result[setting.id] = clean_value(
                setting, (stored or {}).get(setting.id, setting.default)
            )
        except ValidationError:
            result[setting.id] = clean_value(setting, setting.default)
    return result
