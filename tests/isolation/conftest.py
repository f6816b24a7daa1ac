"""Two shops with data of their own: the isolation suite tries to cross between them.

Every later feature that stores data adds its own attempts here.
"""

import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def two_shops(shop_a, shop_b):
    """Shop A gets a published page and a customer that shop B does not have."""
    from wagtail.models import Page

    from accounts.models import User
    from cms.models import HomePage

    with schema_context(shop_a.schema_name):
        home = HomePage.objects.get()
        secret = Page(title="Alpha secret sale", slug="secret-sale")
        home.add_child(instance=secret)
        secret.save_revision().publish()
        User.objects.create_user(email="shopper@alpha.test", password="alpha-pass-123")
        # Make A's page id larger than anything B has, so ids cannot collide by chance.
    return {"a": shop_a, "b": shop_b, "a_page_id": secret.pk, "a_page_url": "/secret-sale/"}
