"""Media storage: one prefix per shop, and no name a shop can send reaches another's.

The S3 half runs against moto's server over HTTP (a real S3 API, real boto3 calls), and
asserts on the keys the bucket actually holds, not on what the storage says it did.
"""

from __future__ import annotations

import uuid

import boto3
import pytest
from django.core.exceptions import SuspiciousFileOperation, SuspiciousOperation
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context

from shops.storage import ShopFileSystemStorage, ShopS3Storage

SECRET_A = b"alpha's supplier price list"
SECRET_B = b"beta's own file"

# Names shop B might send to reach shop A's "x.txt": every one must be refused.
ESCAPING_NAMES = [
    "../shop_alpha/x.txt",
    "../../shop_alpha/x.txt",
    "/shop_alpha/x.txt",
    "shop_beta/../../shop_alpha/x.txt",
    "./../shop_alpha/x.txt",
]


@pytest.fixture
def media_root(settings, tmp_path):
    """A private MEDIA_ROOT: the suite's default one is shared by parallel runs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- local folders ------------------------------------------------------------------


@pytest.fixture
def fs_storage(media_root):
    """One storage object for every shop, as ``default_storage`` is in a process."""
    return ShopFileSystemStorage()


@pytest.fixture
def fs_files(fs_storage, shop_a, shop_b):
    with schema_context(shop_a.schema_name):
        fs_storage.save("x.txt", ContentFile(SECRET_A))
    with schema_context(shop_b.schema_name):
        fs_storage.save("x.txt", ContentFile(SECRET_B))


def test_filesystem_puts_each_shops_files_under_its_schema_folder(
    fs_storage, fs_files, media_root, shop_a, shop_b
):
    assert (media_root / "shop_alpha" / "x.txt").read_bytes() == SECRET_A
    assert (media_root / "shop_beta" / "x.txt").read_bytes() == SECRET_B
    with schema_context(shop_a.schema_name):
        assert fs_storage.path("x.txt") == str(media_root / "shop_alpha" / "x.txt")
        assert fs_storage.url("x.txt") == "/media/shop_alpha/x.txt"
        with fs_storage.open("x.txt") as f:
            assert f.read() == SECRET_A
    with schema_context(shop_b.schema_name):
        assert fs_storage.url("x.txt") == "/media/shop_beta/x.txt"
        with fs_storage.open("x.txt") as f:
            assert f.read() == SECRET_B


@pytest.mark.parametrize("name", [*ESCAPING_NAMES, "ABSOLUTE_PATH_OF_A"])
def test_filesystem_refuses_names_that_climb_into_another_shop(
    fs_storage, fs_files, media_root, shop_b, name
):
    a_file = media_root / "shop_alpha" / "x.txt"
    if name == "ABSOLUTE_PATH_OF_A":
        name = str(a_file)
    with schema_context(shop_b.schema_name):
        for attempt in (
            lambda: fs_storage.open(name),
            lambda: fs_storage.exists(name),
            lambda: fs_storage.size(name),
            lambda: fs_storage.path(name),
            lambda: fs_storage.delete(name),
            lambda: fs_storage.save(name, ContentFile(b"overwritten by beta")),
        ):
            with pytest.raises(SuspiciousFileOperation):
                attempt()
    assert a_file.read_bytes() == SECRET_A
    assert sorted(p.name for p in (media_root / "shop_alpha").iterdir()) == ["x.txt"]


@pytest.mark.parametrize("name", ["shop_alpha/x.txt", "..\\shop_alpha\\x.txt"])
def test_filesystem_other_shops_name_resolves_inside_the_callers_folder(
    fs_storage, fs_files, media_root, shop_b, name
):
    """A name that does not climb stays in B's folder: it can never *mean* A's file.

    (On Linux a backslash is an ordinary character of a file name; Django's ``save``
    refuses such names all the same.)
    """
    with schema_context(shop_b.schema_name):
        assert fs_storage.path(name).startswith(str(media_root / "shop_beta") + "/")
        assert not fs_storage.exists(name)
        with pytest.raises(FileNotFoundError):
            fs_storage.open(name)
        if "\\" in name:
            with pytest.raises(SuspiciousFileOperation):
                fs_storage.save(name, ContentFile(b"beta's lookalike"))
        else:
            saved = fs_storage.save(name, ContentFile(b"beta's lookalike"))
            assert (media_root / "shop_beta" / saved).read_bytes() == b"beta's lookalike"
    assert (media_root / "shop_alpha" / "x.txt").read_bytes() == SECRET_A


def test_filesystem_prefix_helpers_stay_within_one_shop(fs_storage, fs_files, media_root):
    # "shop_alphabet" shares the first letters of "shop_alpha": a prefix test, not a
    # folder test, would mix them up.
    with schema_context("shop_alphabet"):
        fs_storage.save("y.txt", ContentFile(b"alphabet"))
    assert [name for name, _path in fs_storage.iter_prefix("shop_alpha")] == ["x.txt"]
    fs_storage.delete_prefix("shop_alpha")
    assert not (media_root / "shop_alpha").exists()
    assert (media_root / "shop_alphabet" / "y.txt").read_bytes() == b"alphabet"
    assert (media_root / "shop_beta" / "x.txt").read_bytes() == SECRET_B


# --- S3 (moto's server over HTTP) -----------------------------------------------------

S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_client(s3_endpoint):
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **S3_CREDENTIALS)


@pytest.fixture
def bucket(s3_client):
    name = f"souk-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_storage(s3_endpoint, bucket):
    return ShopS3Storage(
        bucket_name=bucket,
        endpoint_url=s3_endpoint,
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
        location="shops",
        querystring_auth=False,
    )


def bucket_objects(s3_client, bucket) -> dict[str, bytes]:
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return {
        obj["Key"]: s3_client.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
        for obj in listing.get("Contents", [])
    }


@pytest.fixture
def s3_files(s3_storage, shop_a, shop_b):
    with schema_context(shop_a.schema_name):
        s3_storage.save("x.txt", ContentFile(SECRET_A))
    with schema_context(shop_b.schema_name):
        s3_storage.save("x.txt", ContentFile(SECRET_B))


def test_s3_keys_carry_each_shops_prefix(s3_storage, s3_files, s3_client, bucket, shop_a, shop_b):
    assert bucket_objects(s3_client, bucket) == {
        "shops/shop_alpha/x.txt": SECRET_A,
        "shops/shop_beta/x.txt": SECRET_B,
    }
    with schema_context(shop_a.schema_name):
        with s3_storage.open("x.txt") as f:
            assert f.read() == SECRET_A
        assert s3_storage.url("x.txt").endswith(f"/{bucket}/shops/shop_alpha/x.txt")
    with schema_context(shop_b.schema_name):
        with s3_storage.open("x.txt") as f:
            assert f.read() == SECRET_B
        assert s3_storage.url("x.txt").endswith(f"/{bucket}/shops/shop_beta/x.txt")


@pytest.mark.parametrize(
    "name",
    [
        *ESCAPING_NAMES,
        "..\\shop_alpha\\x.txt",
        "/shops/shop_alpha/x.txt",
        "../../shops/shop_alpha/x.txt",
    ],
)
def test_s3_refuses_names_that_climb_into_another_shop(
    s3_storage, s3_files, s3_client, bucket, shop_b, name
):
    with schema_context(shop_b.schema_name):
        for attempt in (
            lambda: s3_storage.open(name),
            lambda: s3_storage.exists(name),
            lambda: s3_storage.size(name),
            lambda: s3_storage.url(name),
            lambda: s3_storage.delete(name),
            lambda: s3_storage.save(name, ContentFile(b"overwritten by beta")),
        ):
            with pytest.raises(SuspiciousOperation):
                attempt()
    assert bucket_objects(s3_client, bucket) == {
        "shops/shop_alpha/x.txt": SECRET_A,
        "shops/shop_beta/x.txt": SECRET_B,
    }


def test_s3_other_shops_name_resolves_under_the_callers_prefix(
    s3_storage, s3_files, s3_client, bucket, shop_b
):
    with schema_context(shop_b.schema_name):
        assert s3_storage.url("shop_alpha/x.txt").endswith(
            f"/{bucket}/shops/shop_beta/shop_alpha/x.txt"
        )
        assert not s3_storage.exists("shop_alpha/x.txt")
        with pytest.raises(FileNotFoundError):
            s3_storage.open("shop_alpha/x.txt")
        s3_storage.delete("shop_alpha/x.txt")  # a no-op on B's (missing) key
        s3_storage.save("shop_alpha/x.txt", ContentFile(b"beta's lookalike"))
    assert bucket_objects(s3_client, bucket) == {
        "shops/shop_alpha/x.txt": SECRET_A,
        "shops/shop_beta/x.txt": SECRET_B,
        "shops/shop_beta/shop_alpha/x.txt": b"beta's lookalike",
    }


def test_s3_prefix_is_read_at_each_call_not_at_construction(
    s3_endpoint, bucket, s3_client, shop_a, shop_b
):
    """``default_storage`` is built once per process, in whatever schema came first."""
    with schema_context(shop_a.schema_name):
        storage = ShopS3Storage(
            bucket_name=bucket,
            endpoint_url=s3_endpoint,
            access_key="testing",
            secret_key="testing",
            region_name="us-east-1",
            location="shops",
        )
    with schema_context(shop_b.schema_name):
        storage.save("late.txt", ContentFile(b"b"))
    assert list(bucket_objects(s3_client, bucket)) == ["shops/shop_beta/late.txt"]


def test_s3_prefix_helpers_stay_within_one_shop(s3_storage, s3_files, s3_client, bucket):
    with schema_context("shop_alphabet"):
        s3_storage.save("y.txt", ContentFile(b"alphabet"))
    assert [name for name, _obj in s3_storage.iter_prefix("shop_alpha")] == ["x.txt"]
    s3_storage.delete_prefix("shop_alpha")
    assert bucket_objects(s3_client, bucket) == {
        "shops/shop_alphabet/y.txt": b"alphabet",
        "shops/shop_beta/x.txt": SECRET_B,
    }
