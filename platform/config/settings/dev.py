"""Development: one machine, embedded PostgreSQL, eager tasks, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
PLATFORM_PORT = env("PLATFORM_PORT", default="8000")

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
