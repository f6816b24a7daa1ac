"""Shop lifecycle: export (one archive) and delete (typed confirmation, nothing left).

``pg_dump`` runs in its own process and sees committed data only, so the export tests
that dump a real schema use ``committed_shop_factory``; the rest roll back.
"""

from __future__ import annotations

import io
import json
import re
import stat
import tarfile
import uuid

import boto3
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from shops.export import ShopExportError, shop_export
from shops.models import Domain, Shop, ShopEvent
from shops.services import shop_delete


@pytest.fixture
def media_root(settings, tmp_path):
    """A private MEDIA_ROOT: the suite's default one is shared by parallel runs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def export_root(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings.EXPORT_ROOT


def put_media(shop, files: dict[str, bytes]) -> None:
    with schema_context(shop.schema_name):
        for name, data in files.items():
            default_storage.save(name, ContentFile(data))


def read_archive(path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}


# --- export -----------------------------------------------------------------------------


def test_export_writes_schema_public_rows_and_media_in_one_archive(
    committed_shop_factory, media_root, export_root
):
    alpha = committed_shop_factory("alpha", name="Alpha Goods")
    beta = committed_shop_factory("beta", name="Beta Things")
    Domain.objects.create(domain="alpha-goods.example", tenant=alpha, is_primary=False)
    put_media(alpha, {"x.txt": b"alpha file", "products/mug.jpg": b"\xff\xd8 mug"})
    put_media(beta, {"beta-only.txt": b"beta file"})

    path = shop_export(shop=alpha, actor_name="ops@example.com")

    assert path.parent == export_root
    assert re.fullmatch(r"alpha-\d{8}T\d{6}Z\.tar\.gz", path.name)
    assert [p.name for p in export_root.iterdir()] == [path.name]  # no partial file left
    members = read_archive(path)
    assert set(members) == {
        "schema.sql",
        "shop.json",
        "manifest.json",
        "media/x.txt",
        "media/products/mug.jpg",
    }
    assert members["media/x.txt"] == b"alpha file"
    assert members["media/products/mug.jpg"] == b"\xff\xd8 mug"

    sql = members["schema.sql"].decode()
    assert "CREATE SCHEMA shop_alpha;" in sql
    assert "CREATE TABLE shop_alpha.wagtailcore_page " in sql
    assert "CREATE TABLE shop_alpha.accounts_user " in sql
    assert "owner-alpha@example.com" in sql  # rows, not only the structure
    assert "Alpha Goods" in sql
    assert "shop_beta" not in sql
    assert "Beta Things" not in sql
    assert "CREATE TABLE public." not in sql

    public = json.loads(members["shop.json"])
    assert public["shop"]["fields"]["subdomain"] == "alpha"
    assert public["owner_email"] == "owner-alpha@example.com"
    assert sorted(d["fields"]["domain"] for d in public["domains"]) == [
        "alpha-goods.example",
        "alpha.souk.test",
    ]
    assert [e["fields"]["action"] for e in public["events"]] == ["provisioned"]

    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 1
    assert manifest["subdomain"] == "alpha"
    assert manifest["schema"] == "shop_alpha"
    assert manifest["counts"]["domains"] == 2
    assert manifest["counts"]["media_files"] == 2

    event = ShopEvent.objects.get(shop=alpha, action=ShopEvent.Action.EXPORTED)
    assert event.actor_name == "ops@example.com"
    assert event.detail["archive"] == path.name


def test_export_reads_media_from_s3(committed_shop_factory, export_root, settings, s3_endpoint):
    """The same export code reads a shop's media back from the bucket."""
    bucket = f"souk-export-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "shops.storage.ShopS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "location": "shops",
            },
        },
    }
    alpha = committed_shop_factory("alpha")
    beta = committed_shop_factory("beta")
    put_media(alpha, {"docs/terms.pdf": b"%PDF alpha"})
    put_media(beta, {"docs/terms.pdf": b"%PDF beta"})

    members = read_archive(shop_export(shop=alpha))

    assert {n for n in members if n.startswith("media/")} == {"media/docs/terms.pdf"}
    assert members["media/docs/terms.pdf"] == b"%PDF alpha"


def test_export_without_pg_dump_fails_clearly_and_leaves_no_file(
    shop_a, export_root, monkeypatch, tmp_path
):
    monkeypatch.setenv("SOUK_PG_BIN", str(tmp_path / "no-such-folder"))
    with pytest.raises(ShopExportError, match=r"pg_dump was not found at .*no-such-folder"):
        shop_export(shop=shop_a)
    assert not export_root.exists() or not any(export_root.iterdir())
    assert not ShopEvent.objects.filter(action=ShopEvent.Action.EXPORTED).exists()


def test_export_with_failing_pg_dump_reports_its_error_and_leaves_no_file(
    shop_a, export_root, monkeypatch, tmp_path
):
    """A pg_dump that writes half a dump and then fails must not yield an archive."""
    pg_bin = tmp_path / "bin"
    pg_bin.mkdir()
    fake = pg_bin / "pg_dump"
    fake.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do case "$arg" in --file=*) echo "CREATE" > "${arg#--file=}";; '
        "esac; done\n"
        "echo 'pg_dump: error: connection to server failed: FATAL: no such role' >&2\n"
        "exit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SOUK_PG_BIN", str(pg_bin))

    with pytest.raises(ShopExportError) as excinfo:
        shop_export(shop=shop_a)

    message = str(excinfo.value)
    assert "pg_dump of schema shop_alpha failed (exit status 1)" in message
    assert "no such role" in message
    assert not export_root.exists() or not any(export_root.iterdir())
    assert not ShopEvent.objects.filter(action=ShopEvent.Action.EXPORTED).exists()


def test_export_keeps_the_password_out_of_pg_dumps_arguments(
    shop_a, export_root, monkeypatch, tmp_path
):
    """The process list is readable by every local user; the environment is not."""
    pg_bin = tmp_path / "bin"
    pg_bin.mkdir()
    seen = tmp_path / "seen"
    fake = pg_bin / "pg_dump"
    fake.write_text(f'#!/bin/sh\necho "$@" > {seen}.argv\necho "$PGPASSWORD" > {seen}.pw\nexit 3\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SOUK_PG_BIN", str(pg_bin))
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "hunter2-secret")

    with pytest.raises(ShopExportError):
        shop_export(shop=shop_a)

    argv = (tmp_path / "seen.argv").read_text()
    assert '--schema="shop_alpha"' in argv
    assert "hunter2-secret" not in argv
    assert (tmp_path / "seen.pw").read_text().strip() == "hunter2-secret"


def test_export_shop_command_prints_the_archive_path(
    committed_shop_factory, media_root, tmp_path, capsys
):
    committed_shop_factory("alpha")
    out_dir = tmp_path / "elsewhere"

    call_command("export_shop", "alpha", "--output", str(out_dir))

    printed = capsys.readouterr().out.strip()
    assert printed.startswith(str(out_dir) + "/alpha-")
    assert "schema.sql" in read_archive(printed)
    assert ShopEvent.objects.get(action=ShopEvent.Action.EXPORTED).actor_name == "manage.py"


def test_export_shop_command_unknown_shop(db):
    with pytest.raises(CommandError, match="No shop with subdomain 'ghost'"):
        call_command("export_shop", "ghost")


# --- delete -----------------------------------------------------------------------------


def assert_shop_intact(shop, media_root, file_name: str, data: bytes) -> None:
    assert schema_exists(shop.schema_name)
    assert Shop.objects.filter(pk=shop.pk).exists()
    assert Domain.objects.filter(tenant=shop, domain=f"{shop.subdomain}.souk.test").exists()
    assert (media_root / shop.schema_name / file_name).read_bytes() == data
    with schema_context(shop.schema_name):
        from wagtail.models import Site

        assert Site.objects.get().hostname == f"{shop.subdomain}.souk.test"


@pytest.mark.parametrize("typed", ["", "alph", "ALPHA", "beta", "alpha ", "shop_alpha"])
def test_delete_refuses_a_wrong_confirmation(shop_a, media_root, typed):
    put_media(shop_a, {"x.txt": b"alpha file"})
    with pytest.raises(ValidationError) as excinfo:
        shop_delete(shop=shop_a, confirm_subdomain=typed, actor_name="ops@example.com")
    assert excinfo.value.message_dict["confirm_subdomain"] == [
        "Type the shop's subdomain “alpha” to confirm."
    ]
    assert_shop_intact(shop_a, media_root, "x.txt", b"alpha file")
    assert not ShopEvent.objects.filter(action=ShopEvent.Action.DELETED).exists()


def test_delete_drops_schema_domains_row_and_media_of_that_shop_only(
    shop_a, shop_b, media_root, client, django_capture_on_commit_callbacks
):
    put_media(shop_a, {"x.txt": b"alpha file"})
    put_media(shop_b, {"x.txt": b"beta file"})
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        shop_delete(shop=shop_a, confirm_subdomain="alpha", actor_name="ops@example.com")

    assert not schema_exists("shop_alpha")
    assert not Shop.objects.filter(subdomain="alpha").exists()
    assert not Domain.objects.filter(domain__startswith="alpha").exists()
    assert not (media_root / "shop_alpha").exists()
    event = ShopEvent.objects.get(action=ShopEvent.Action.DELETED)
    assert (event.shop, event.subdomain, event.actor_name) == (None, "alpha", "ops@example.com")
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 404

    assert_shop_intact(shop_b, media_root, "x.txt", b"beta file")
    assert client.get("/", HTTP_HOST="beta.souk.test").status_code == 200


def test_delete_removes_media_only_once_the_transaction_commits(
    shop_a, media_root, django_capture_on_commit_callbacks
):
    """Files cannot be rolled back: a failed deletion must not have removed them."""
    put_media(shop_a, {"x.txt": b"alpha file"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        shop_delete(shop=shop_a, confirm_subdomain="alpha")
    assert (media_root / "shop_alpha" / "x.txt").exists()
    for callback in callbacks:
        callback()
    assert not (media_root / "shop_alpha").exists()


def test_delete_shop_command(
    shop_a, shop_b, media_root, django_capture_on_commit_callbacks, monkeypatch
):
    put_media(shop_a, {"x.txt": b"alpha file"})
    put_media(shop_b, {"x.txt": b"beta file"})

    with pytest.raises(CommandError, match="Type the shop's subdomain “alpha” to confirm"):
        call_command("delete_shop", "alpha", "--confirm", "beta")
    assert_shop_intact(shop_a, media_root, "x.txt", b"alpha file")

    monkeypatch.setattr("builtins.input", lambda prompt: "alpha\n")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_shop", "alpha", stdout=out)
    assert "Deleted alpha." in out.getvalue()
    assert not schema_exists("shop_alpha")
    assert not (media_root / "shop_alpha").exists()
    assert_shop_intact(shop_b, media_root, "x.txt", b"beta file")

    with pytest.raises(CommandError, match="No shop with subdomain 'alpha'"):
        call_command("delete_shop", "alpha", "--confirm", "alpha")


def test_deleted_subdomain_can_be_provisioned_again(
    shop_factory, media_root, django_capture_on_commit_callbacks
):
    """Nothing of the old shop (schema, domain, files) may surface in the new one."""
    old = shop_factory("reborn")
    put_media(old, {"x.txt": b"old shop's file"})
    with django_capture_on_commit_callbacks(execute=True):
        shop_delete(shop=old, confirm_subdomain="reborn")
    new = shop_factory("reborn")
    assert new.schema_name == "shop_reborn"
    assert Domain.objects.get(tenant=new).verified_at <= timezone.now()
    with schema_context(new.schema_name):
        assert not default_storage.exists("x.txt")
