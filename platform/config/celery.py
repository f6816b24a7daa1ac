"""The Celery app: tenant-aware, so a task runs in the schema of the shop that sent it.

Start a worker with ``celery -A config worker``. With no broker configured
(``CELERY_BROKER_URL``/``REDIS_URL`` unset) tasks run eagerly in-process.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("souk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
