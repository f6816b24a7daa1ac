"""Periods (presets, custom dates, the period before) and the server-drawn charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import QueryDict

from analytics.charts import bar_list, comparison_chart
from analytics.panels import _change
from analytics.periods import MAX_DAYS, Period, period_parse

TODAY = date(2026, 3, 31)


def _parse(query: str):
    return period_parse(QueryDict(query), today=TODAY)


def test_presets_end_today_and_compare_with_as_many_days_before():
    period, error = _parse("period=7d")
    assert error == "" and (period.start, period.end) == (date(2026, 3, 25), TODAY)
    assert (period.previous.start, period.previous.end) == (date(2026, 3, 18), date(2026, 3, 24))
    today, _ = _parse("period=today")
    assert today.days == 1 and today.previous.end == date(2026, 3, 30)
    default, _ = _parse("")
    assert default.days == 30


def test_custom_periods_are_checked():
    period, error = _parse("period=custom&from=2026-02-01&to=2026-02-28")
    assert error == "" and period.days == 28
    assert period.previous == Period(date(2026, 1, 4), date(2026, 1, 31), "custom")
    assert period.query() == {"period": "custom", "from": "2026-02-01", "to": "2026-02-28"}
    for query, message in (
        ("period=custom&from=2026-02-30&to=2026-03-01", "YYYY-MM-DD"),
        ("period=custom&from=2026-03-02&to=2026-03-01", "before the start"),
        ("period=custom&from=2020-01-01&to=2026-01-01", f"at most {MAX_DAYS} days"),
        ("period=forever", "Unknown period"),
    ):
        period, error = _parse(query)
        assert message in error and period.days == 30, query


def test_changes_are_percentages_and_rates_change_in_points():
    assert _change(Decimal("150"), Decimal("100")) == ("+50.0 %", "up")
    assert _change(Decimal("50"), Decimal("100")) == ("-50.0 %", "down")
    assert _change(0, 0) == ("—", "flat")
    assert _change(3, 0) == ("new", "up")
    assert _change(Decimal("0.5"), Decimal("0.25"), rate=True) == ("+25.0 pts", "up")


def test_charts_escape_what_they_are_given():
    svg = comparison_chart(
        title="<script>x</script>",
        current=[Decimal("1"), Decimal("3")],
        previous=[Decimal("2"), Decimal("0")],
        start_label="<b>",
        end_label="end",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
    assert svg.count("<polyline") == 2
    one_day = comparison_chart(
        title="t", current=[5], previous=[10], start_label="a", end_label="b"
    )
    assert one_day.count("<rect") == 2
    bars = bar_list([("<i>Mug</i>", Decimal("10"), "$10.00"), ("Cup", 5, "$5.00")], title="T")
    assert "&lt;i&gt;Mug" in bars and 'style="width: 100.0%"' in bars and "50.0%" in bars
