"""Production hosts and CSRF origins come from the Domain table, never from '*'."""

import secrets

from tests.config.conftest import child_env, database_url, run

CODE = (
    "from django.conf import settings as s; "
    "print(type(s.ALLOWED_HOSTS).__name__, list.copy(s.ALLOWED_HOSTS), "
    "'*' in list.copy(s.ALLOWED_HOSTS), list(s.CSRF_TRUSTED_ORIGINS), "
    "'shops.csrf.ShopCsrfViewMiddleware' in s.MIDDLEWARE, "
    "'django.middleware.csrf.CsrfViewMiddleware' in s.MIDDLEWARE, s.CUSTOM_DOMAIN_CNAME_TARGET)"
)


def test_production_hosts_follow_the_domain_table(settings):
    env = child_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        DATABASE_URL=database_url(settings.DATABASES["default"]),
        PLATFORM_DOMAIN="shops.example.com",
    )
    result = run(["-c", CODE], env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "RoutedHosts ['shops.example.com', '.shops.example.com'] False [] True True "
        "shops.shops.example.com"
    )
