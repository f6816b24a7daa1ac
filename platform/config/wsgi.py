"""WSGI entry point (gunicorn config.wsgi)."""

import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
for _folder in (_ROOT, _ROOT / "platform", _ROOT / "tenants"):
    if str(_folder) not in sys.path:
        sys.path.append(str(_folder))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
