from tests.api.conftest import ApiClient


def test_products_list_empty(api):
    response = api.get("products.json")
    assert response.status_code == 200, response.content
    assert response.json()["products"] == []
    assert response["X-Souk-Api-Version"] == "2026-12"


def test_no_token_is_401(shop_a):
    response = ApiClient(shop_a, None).get("products.json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
