from django.core.cache import cache
from django.core.management import call_command

from accounts.models import User
from shops.models import Shop
from tests.support.two_factor import force_login_verified


def test_seed_demo_is_idempotent_and_prints_logins(db, capsys, client):
    cache.clear()  # no theme cached for a demo schema by an earlier test
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Shop.objects.count() == 2
    assert User.objects.filter(is_superuser=True).count() == 1
    # The owners' logins are platform logins (they open the shop from My shops).
    assert "http://souk.test/login/" in out and "owner@harbour.example / harbour-demo" in out
    page = client.get("/", HTTP_HOST="harbour.souk.test").content.decode()
    assert "Small-batch coffee" in page
    # Each demo shop wears a different theme.
    assert "theme-boutique" in page
    assert "theme-bold" in client.get("/", HTTP_HOST="atlas.souk.test").content.decode()


def test_django_admin_lists_shops_for_platform_staff(db, client):
    call_command("seed_demo")
    admin = User.objects.get(email="admin@souk.localhost")
    assert admin.check_password("souk-admin")
    force_login_verified(client, admin)
    response = client.get("/django-admin/shops/shop/", HTTP_HOST="souk.test")
    assert response.status_code == 200
    assert "Atlas Outfitters" in response.content.decode()
