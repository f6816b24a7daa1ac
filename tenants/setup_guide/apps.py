from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupGuideConfig(AppConfig):
    name = "setup_guide"
    verbose_name = _("Setup guide")
