"""The overview: counts and server-drawn charts."""

import datetime

from django.utils import timezone

from console.charts import bar_chart
from shops.models import Shop


def test_overview_counts_and_draws_charts(console, shop_a, shop_b, django_assert_max_num_queries):
    Shop.objects.filter(pk=shop_b.pk).update(status="suspended")
    with django_assert_max_num_queries(11):  # 8, + shops by plan (2), + 2FA device (1)
        response = console.get("/console/")
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["active_shops"] == 1
    assert response.context["total_shops"] == 2
    assert body.count("<svg") == 4  # signups, accounts, by status, by plan
    assert "https://" not in body.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert "<script" not in body
    today = response.context["signups"]["shops"][-1]
    assert today == (timezone.localdate(), 2)
    assert len(response.context["signups"]["shops"]) == 30


def test_signups_older_than_30_days_are_left_out(console, shop_a, shop_b):
    Shop.objects.filter(pk=shop_a.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )
    response = console.get("/console/")
    assert sum(n for _d, n in response.context["signups"]["shops"]) == 1


def test_chart_labels_are_escaped():
    svg = str(bar_chart([("<b>x</b>", 3), ("y", 0)], title="A & B"))
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    assert "A &amp; B" in svg
    assert svg.count("<rect") == 2
