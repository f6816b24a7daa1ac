"""Development: one machine, embedded PostgreSQL, eager tasks, console email."""

import sys

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = env.bool("DEBUG", default=True)


def _runserver_port(argv: list[str]) -> str:
    """The port ``manage.py runserver [addr:]port`` listens on, if that is the command."""
    if len(argv) < 2 or argv[1] != "runserver":
        return ""
    for arg in argv[2:]:
        if not arg.startswith("-"):
            port = arg.rsplit(":", 1)[-1]
            return port if port.isdigit() else ""
    return ""


# The port in every link Souk prints or mails (sign-on, sign-up redirects, e-mails):
# PLATFORM_PORT if set, else the port runserver was given (`make run PORT=8123` sets
# both), else runserver's default.
PLATFORM_PORT = env("PLATFORM_PORT", default="") or _runserver_port(sys.argv) or "8000"

# The themes' own 404 page, not Django's technical one (config.themed_404).
if env.bool("DEBUG_THEMED_404", default=True):
    MIDDLEWARE = [*MIDDLEWARE, "config.themed_404.ThemedNotFoundMiddleware"]

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Local receivers (webhooks, image URLs) on this machine are allowed in development.
SOUK_OUTBOUND_ALLOWED_NETWORKS = env.list(
    "SOUK_OUTBOUND_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"]
)
