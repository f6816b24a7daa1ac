"""Schemathesis against both APIs on a live server with a seeded shop.

Every operation of each committed OpenAPI document gets generated requests (a bounded
run: ``SOUK_SCHEMATHESIS_EXAMPLES`` per operation, 10 by default; ``make api-fuzz`` runs
longer). Each response must not be a server error, must have a status code, content
type and body the document declares. Requests carry a token with every scope, so they
reach the endpoints' own validation and services.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
import requests
import schemathesis
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import DOCUMENTS, openapi_document
from api.scopes import SCOPES
from api.services import app_create, storefront_token_create
from catalog.services import collection_create, product_create

EXAMPLES = int(os.environ.get("SOUK_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded(committed_shop_factory, live_server):
    from django.db import connection

    # A run stopped before its teardown leaves the committed schema behind.
    with connection.cursor() as cursor:
        cursor.execute('DROP SCHEMA IF EXISTS "shop_fuzz" CASCADE')
    shop = committed_shop_factory("fuzz", name="Fuzz Shop")
    with schema_context(shop.schema_name):
        for i in range(3):
            product = product_create(
                title=f"Product {i}",
                status="active",
                options=[("Size", ["S", "M"])],
                variants=[
                    {"option1": "S", "price": Decimal("5.00"), "sku": f"F{i}S"},
                    {"option1": "M", "price": Decimal("6.00"), "sku": f"F{i}M"},
                ],
            )
        collection_create(title="All", products=[product])
        _app, admin_token = app_create(name="Fuzzer", scopes=SCOPES)
        storefront_token = storefront_token_create(name="Fuzzer").token
    port = live_server.url.rsplit(":", 1)[1]
    return {
        "base": f"http://127.0.0.1:{port}",
        "host": f"fuzz.souk.test:{port}",
        "admin": {"Authorization": f"Bearer {admin_token}"},
        "storefront": {"X-Souk-Storefront-Access-Token": storefront_token},
    }


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_api_conforms_to_its_document(seeded, name):
    document = json.loads(json.dumps(openapi_document(name)))
    schema = schemathesis.openapi.from_dict(document)
    headers = {
        "Host": seeded["host"],
        **seeded["admin" if name.startswith("admin") else "storefront"],
    }
    session = requests.Session()
    failures = []
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(base_url=seeded["base"], session=session, headers=headers)
            statuses.append(response.status_code)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    # The run reached the endpoints: successes, and refusals of generated bad input.
    assert statuses.count(200) >= 3, statuses
    assert any(400 <= s < 500 for s in statuses), statuses
