"""Template helpers of the account pages."""

from django import template

register = template.Library()


@register.filter
def field_errors(form) -> list:
    """``(bound field, message)`` for every field error: the error summary at the
    top of a form links each message to its field."""
    return [
        (form[name], error)
        for name in form.errors
        if name in form.fields
        for error in form.errors[name]
    ]
