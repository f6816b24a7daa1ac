"""Drafts, scheduled pages and unpublished changes never reach shoppers; editors preview them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cms.conftest import HOST_A, block, login, publish

pytestmark = pytest.mark.django_db


def test_a_draft_page_is_not_served_listed_or_in_the_sitemap(in_a, home_a, get):
    from cms.models import StandardPage

    with in_a():
        draft = StandardPage(title="Secret launch", slug="launch", live=False)
        home_a.add_child(instance=draft)
        draft.save_revision()
    assert get("/launch/").status_code == 404
    assert "launch" not in get("/sitemap.xml").content.decode()


def test_unpublished_changes_stay_invisible_until_published(in_a, home_a, get):
    from cms.models import StandardPage

    with in_a():
        page = publish(home_a, StandardPage(title="About", slug="about", intro="Old words"))
        page.intro = "New words, not ready"
        page.save_revision()  # a draft, not published
    html = get("/about/").content.decode()
    assert "Old words" in html and "not ready" not in html
    with in_a():
        page.get_latest_revision().publish()
    assert "New words, not ready" in get("/about/").content.decode()


def test_the_owner_previews_a_draft_that_shoppers_cannot_see(in_a, home_a, client, shop_a, get):
    from cms.models import StandardPage

    with in_a():
        page = publish(home_a, StandardPage(title="About", slug="about", intro="Live words"))
        page.intro = "Draft words"
        page.body = [block("rich_text") | {"value": "<p>Draft body</p>"}]
        page.save_revision()
    anonymous = client.get(f"/admin/pages/{page.pk}/view_draft/", HTTP_HOST=HOST_A)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    login(client, shop_a, HOST_A)
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/", HTTP_HOST=HOST_A)
    assert preview.status_code == 200
    assert "Draft words" in preview.content.decode()
    assert "Draft body" in preview.content.decode()
    client.logout()
    assert "Draft words" not in get("/about/").content.decode()


def test_a_scheduled_page_goes_live_when_its_time_comes(in_a, home_a, get):
    from cms.models import StandardPage
    from cms.tasks import publish_scheduled

    with in_a():
        page = StandardPage(title="Summer sale", slug="summer", live=False)
        home_a.add_child(instance=page)
        page.go_live_at = timezone.now() + timedelta(hours=1)
        revision = page.save_revision()
        revision.publish()  # with a future go-live time: scheduled, not live
        page.refresh_from_db()
        assert not page.live
        publish_scheduled()  # too early: nothing happens
    assert get("/summer/").status_code == 404
    with in_a():
        # The hour has passed (as if the clock had moved on).
        past = timezone.now() - timedelta(seconds=1)
        revision.refresh_from_db()
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
        publish_scheduled()
    assert get("/summer/").status_code == 200


def test_the_scheduler_fans_out_to_every_serving_shop(shop_a, shop_b):
    from cms.tasks import publish_scheduled_all_shops

    assert publish_scheduled_all_shops() >= 2
