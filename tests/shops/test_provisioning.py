import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from provisioning.services import shop_provision
from shops.models import Domain, Shop, ShopEvent


def test_provisioned_shop_serves_storefront_and_admin(shop_factory, client):
    shop = shop_factory("corner", name="Corner Store")
    response = client.get("/", HTTP_HOST="corner.souk.test")
    assert response.status_code == 200
    assert "Corner Store" in response.content.decode()
    assert client.get("/admin/login/", HTTP_HOST="corner.souk.test").status_code == 200
    assert Domain.objects.get(tenant=shop).domain == "corner.souk.test"
    assert ShopEvent.objects.filter(shop=shop, action="provisioned").exists()


def test_owner_is_staff_in_the_shop_and_enters_by_sign_on(shop_factory, client):
    """The password is the platform account's; the shop's staff user has none and is
    linked to the account, which enters by single sign-on."""
    from tests.support.shop_admin import shop_admin_login

    shop = shop_factory("owned", owner_email="Me@Example.com", owner_password="s3cret-pass-1")
    owner = User.objects.get(email__iexact="me@example.com")
    assert owner.check_password("s3cret-pass-1") and owner.pk == shop.owner_id
    with schema_context(shop.schema_name):
        staff = User.objects.get()
        assert staff.is_superuser and not staff.has_usable_password()
        assert staff.platform_account_id == owner.pk
    shop_admin_login(client, host="owned.souk.test")
    assert client.get("/admin/", HTTP_HOST="owned.souk.test").status_code == 200


def test_shop_schema_has_home_page_and_site(shop_factory):
    from wagtail.models import Site

    shop = shop_factory("pages")
    with schema_context(shop.schema_name):
        site = Site.objects.get()
        assert site.hostname == "pages.souk.test"
        assert site.root_page.specific.__class__.__name__ == "HomePage"
        assert User.objects.get().is_staff


@pytest.mark.parametrize(
    ("subdomain", "message"),
    [
        ("ab", "3 to 40 characters"),
        ("a" * 41, "3 to 40 characters"),
        ("Shop", "lowercase"),
        ("my_shop", "letters a–z"),
        ("-shop", "letters a–z"),
        ("shop-", "letters a–z"),
        ("my--shop", "Two hyphens"),
        ("admin", "reserved"),
        ("www", "reserved"),
        ("api", "reserved"),
        ("café", "letters a–z"),
        ("<b>x</b>", "letters a–z"),
    ],
)
def test_bad_subdomains_are_refused_with_a_clear_message(db, subdomain, message):
    with pytest.raises(ValidationError) as excinfo:
        shop_provision(name="X", subdomain=subdomain, owner_email="o@example.com")
    assert message in " ".join(excinfo.value.message_dict["subdomain"])
    assert not Shop.objects.exists()
    assert not User.objects.exists()


def test_duplicate_subdomain_is_refused(shop_factory):
    shop_factory("taken")
    with pytest.raises(ValidationError) as excinfo:
        shop_provision(name="Again", subdomain="taken", owner_email="other@example.com")
    assert "already taken" in excinfo.value.message_dict["subdomain"][0]
    assert Shop.objects.count() == 1
    assert not User.objects.filter(email="other@example.com").exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("name", {"name": "   "}),
        ("name", {"name": "x" * 101}),
        ("owner_email", {"owner_email": "not-an-email"}),
    ],
)
def test_bad_name_or_email_is_refused(db, field, kwargs):
    args = {"name": "Shop", "subdomain": "fine", "owner_email": "o@example.com", **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        shop_provision(**args)
    assert field in excinfo.value.message_dict
    assert not schema_exists("shop_fine")


def test_failed_provisioning_leaves_nothing_behind(db, monkeypatch):
    """A crash after the schema is cloned rolls back schema, shop, domain and owner."""
    import provisioning.services

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(provisioning.services, "_shop_schema_setup", boom)
    with pytest.raises(RuntimeError):
        shop_provision(name="Doomed", subdomain="doomed", owner_email="d@example.com")
    assert connection.schema_name == "public"
    assert not schema_exists("shop_doomed")
    assert not Shop.objects.exists()
    assert not Domain.objects.exists()
    assert not User.objects.filter(email="d@example.com").exists()


def test_create_shop_command(db, capsys):
    from django.core.management import CommandError, call_command

    call_command(
        "create_shop",
        "--name",
        "Cmd Shop",
        "--subdomain",
        "cmdshop",
        "--owner-email",
        "c@example.com",
    )
    assert "cmdshop.souk.test" in capsys.readouterr().out
    with pytest.raises(CommandError, match="reserved"):
        call_command(
            "create_shop", "--name", "X", "--subdomain", "admin", "--owner-email", "c@example.com"
        )
