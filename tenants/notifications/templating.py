"""Merchants' e-mail templates: compiled and rendered by a restricted engine.

A template is the Django template language with only the tags and filters of
``notifications.template_library`` (see there for what is left out and why). Its
context is plain data (``notifications.registry``), and a missing variable renders
as nothing. ``template_problems`` is the one check, run before an override is
saved: it compiles the subject and body and renders both against the
notification's sample context, so a template that cannot be sent cannot be saved.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from notifications.template_library import FORBIDDEN_FILTERS, FORBIDDEN_TAGS

SUBJECT_MAX_LENGTH = 255
BODY_MAX_LENGTH = 100_000


class _RestrictedEngine(Engine):
    # Django's own builtins (every default tag, the loader tags) are not loaded.
    default_builtins: list[str] = []


ENGINE = _RestrictedEngine(
    builtins=["notifications.template_library"],
    libraries={},
    loaders=[],
    debug=True,  # syntax errors carry their line
    string_if_invalid="",
    autoescape=True,
)

_TAG = re.compile(r"{%-?\s*(\w+)")
_FILTER = re.compile(r"\|\s*(\w+)")


def _forbidden(source: str) -> str | None:
    for name in _TAG.findall(source):
        if name in FORBIDDEN_TAGS:
            return _("“{%% %(tag)s %%}” is not allowed in e-mail templates.") % {"tag": name}
    for expression in re.findall(r"{{(.*?)}}|{%(.*?)%}", source, flags=re.S):
        for name in _FILTER.findall("".join(expression)):
            if name in FORBIDDEN_FILTERS:
                return _("The “|%(filter)s” filter is not allowed in e-mail templates.") % {
                    "filter": name
                }
    return None


def _compile(source: str):
    """The compiled template, or ``ValidationError`` with the line and the reason."""
    forbidden = _forbidden(source)
    if forbidden:
        raise ValidationError(forbidden, code="forbidden")
    try:
        return ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        line = getattr(error, "template_debug", {}).get("line")
        reason = str(error).replace(
            " Did you forget to register or load this tag?", " That tag does not exist here."
        )
        if line and f"line {line}" not in reason:
            reason = _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}
        raise ValidationError(reason, code="syntax") from None


def render(source: str, context: dict, *, autoescape: bool = True) -> str:
    """``source`` rendered with ``context``; ``ValidationError`` if it cannot be."""
    template = _compile(source)
    try:
        return template.render(Context(context, autoescape=autoescape))
    except ValidationError:
        raise
    except Exception as error:  # any failure of a merchant's template is a message
        raise ValidationError(
            _("The template could not be rendered: %(error)s") % {"error": error},
            code="render",
        ) from None


def render_subject(source: str, context: dict) -> str:
    """One line of plain text (no escaping: a subject is not HTML)."""
    return " ".join(render(source, context, autoescape=False).split())


def template_problems(*, subject: str, body: str, context: dict) -> dict[str, list[str]]:
    """Messages by field (``subject``, ``body``); empty when both can be sent."""
    problems: dict[str, list[str]] = {}
    if not subject.strip():
        problems["subject"] = [_("Enter a subject.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        problems["subject"] = [_("At most %(max)d characters.") % {"max": SUBJECT_MAX_LENGTH}]
    if not body.strip():
        problems["body"] = [_("Enter the message.")]
    elif len(body) > BODY_MAX_LENGTH:
        problems["body"] = [_("At most %(max)d characters.") % {"max": BODY_MAX_LENGTH}]
    for field, source, renderer in (
        ("subject", subject, render_subject),
        ("body", body, render),
    ):
        if field in problems:
            continue
        try:
            rendered = renderer(source, context)
        except ValidationError as error:
            problems[field] = list(error.messages)
            continue
        if field == "subject" and not rendered:
            problems[field] = [_("The subject renders as nothing with the sample data.")]
    return problems
