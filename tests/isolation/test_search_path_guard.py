"""The test-only guard really catches a request that leaves another shop's schema."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from tests.support.search_path_guard import SearchPathGuardMiddleware, SearchPathLeak


def _request(shop):
    request = RequestFactory().get("/")
    connection.set_tenant(shop)
    request.shop = shop
    request.tenant = shop
    return request


def test_guard_passes_a_well_behaved_request(shop_a):
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return HttpResponse("ok")

    assert SearchPathGuardMiddleware(view)(_request(shop_a)).status_code == 200


def test_guard_catches_a_context_left_in_another_shop(shop_a, shop_b):
    def leaky_view(request):
        connection.set_tenant(shop_b)  # switched and never restored
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return HttpResponse("ok")

    with pytest.raises(SearchPathLeak):
        SearchPathGuardMiddleware(leaky_view)(_request(shop_a))


def test_guard_catches_a_raw_search_path_change(shop_a):
    def sneaky_view(request):
        with connection.cursor() as cursor:
            cursor.execute("SET search_path = shop_beta, public")
        return HttpResponse("ok")

    with pytest.raises(SearchPathLeak):
        SearchPathGuardMiddleware(sneaky_view)(_request(shop_a))
