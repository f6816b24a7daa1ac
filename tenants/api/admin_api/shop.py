"""Admin API: the shop's settings (read)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from ninja import Router, Schema

from api.auth import scoped
from shops.models import Shop
from shops.selectors import shop_domains

router = Router(tags=["shop"])


class ShopOut(Schema):
    id: int
    name: str
    platform_domain: str
    domain: str
    country_code: str
    currency: str
    created_at: datetime
    updated_at: datetime


class ShopEnvelope(Schema):
    shop: ShopOut


@router.get("/shop.json", response=ShopEnvelope, **scoped("read_content"))
def shop_detail(request):
    shop = Shop.objects.get(schema_name=connection.schema_name)
    domains = shop_domains(shop=shop)
    own = next((d.domain for d in domains if d.is_platform_subdomain), "")
    return {
        "shop": {
            "id": shop.pk,
            "name": shop.name,
            "platform_domain": own,
            "domain": domains[0].domain if domains else own,
            "country_code": shop.country,
            "currency": shop.currency,
            "created_at": shop.created_at,
            "updated_at": shop.updated_at,
        }
    }
