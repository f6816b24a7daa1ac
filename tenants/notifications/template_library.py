"""The tags and filters a merchant's e-mail template may use, and nothing else.

The restricted engine (``notifications.templating``) has this library as its only
builtin: no ``{% load %}`` (no other library), no ``{% include %}``,
``{% extends %}`` or ``{% block %}`` (no file from the server), no ``{% debug %}``
(no dump of the context), no ``{% url %}``, ``{% csrf_token %}`` or
``{% querystring %}`` (no request in an e-mail), no ``{% autoescape %}``, ``|safe``
or ``|safeseq`` (a customer's name is customer input: it stays escaped). The
translation tags are here so the default templates speak the shop's language
without a ``{% load i18n %}``.
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags
from django.templatetags import i18n

FORBIDDEN_TAGS = frozenset(
    {
        "load",
        "include",
        "extends",
        "block",
        "debug",
        "ssi",
        "url",
        "csrf_token",
        "querystring",
        "autoescape",
    }
)
FORBIDDEN_FILTERS = frozenset({"safe", "safeseq", "pprint", "json_script"})
I18N_TAGS = ("trans", "translate", "blocktrans", "blocktranslate")

register = Library()
register.tags.update(
    {name: tag for name, tag in defaulttags.register.tags.items() if name not in FORBIDDEN_TAGS}
)
register.tags.update({name: i18n.register.tags[name] for name in I18N_TAGS})
register.filters.update(
    {
        name: fn
        for name, fn in defaultfilters.register.filters.items()
        if name not in FORBIDDEN_FILTERS
    }
)
