"""API versions, named by the month they ship (``2026-12``).

Each version is supported for 12 months after its successor ships; the version is in
the path, and every response names the version that served it
(``X-Souk-Api-Version``). A request for a version not listed here is a 404 that lists
the supported ones (``api.urls``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from api.problems import problem

# Newest last. A version leaves this list 12 months after the next one is added.
SUPPORTED = ("2026-12",)
CURRENT = SUPPORTED[-1]
HEADER = "X-Souk-Api-Version"


def unknown_version(request, version: str, rest: str = ""):
    return problem(
        404,
        "unknown-version",
        _("Unknown API version"),
        _("Version “%(v)s” is not served. Supported versions: %(s)s.")
        % {"v": version[:20], "s": ", ".join(SUPPORTED)},
        supported_versions=list(SUPPORTED),
    )
