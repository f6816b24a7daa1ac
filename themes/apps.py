from django.apps import AppConfig
from django.core import checks


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "Themes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        checks.register(check_theme_manifests)


def check_theme_manifests(app_configs=None, **kwargs):
    """A broken theme.json is found by ``manage.py check`` and at deploy, not by a shopper."""
    from django.core.exceptions import ImproperlyConfigured

    from themes.registry import BASE_THEME, themes

    try:
        found = themes()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="themes.E001")]
    if BASE_THEME not in found:
        return [checks.Error("No 'base' theme in THEME_DIRS.", id="themes.E002")]
    return []
