"""The restricted template language: what compiles, what is refused, and why."""

from __future__ import annotations

import pytest

from notifications.plaintext import html_to_text
from notifications.registry import NOTIFICATIONS
from notifications.sending import default_source
from notifications.templating import render, render_subject, template_problems


@pytest.mark.parametrize("notification", NOTIFICATIONS, ids=lambda n: n.key)
def test_every_default_renders_against_its_samples(notification):
    subject, body = default_source(notification)
    context = notification.sample_context
    assert template_problems(subject=subject, body=body, context=context) == {}
    assert render_subject(subject, context)
    html = render(body, context)
    # Every sample variable the default uses shows up (none silently misspelt).
    assert "{{" not in html and "{%" not in html


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{% load static %}{% static "x.css" %}', "{% load %}"),
        ('{% include "account/login.html" %}', "{% include %}"),
        ('{% extends "wagtailadmin/base.html" %}', "{% extends %}"),
        ("{% debug %}", "{% debug %}"),
        ('{% ssi "/etc/passwd" %}', "{% ssi %}"),
        ("{% block content %}{% endblock %}", "{% block %}"),
        ("{{ customer_name|safe }}", "|safe"),
        ("{% autoescape off %}{{ customer_name }}{% endautoescape %}", "{% autoescape %}"),
        ("{% url 'admin:index' %}", "{% url %}"),
    ],
)
def test_unsafe_tags_and_filters_are_refused_by_name(source, message):
    problems = template_problems(subject="Hi", body=source, context={})
    assert message in problems["body"][0]
    assert "not allowed" in problems["body"][0]


def test_a_syntax_error_names_its_line():
    problems = template_problems(
        subject="Hi", body="<p>one</p>\n<p>{% if order %}two</p>", context={}
    )
    assert "line 2" in problems["body"][0].lower()
    assert "endif" in problems["body"][0]


def test_an_unknown_filter_and_an_empty_subject_are_refused():
    problems = template_problems(subject="  ", body="{{ total|explode }}", context={})
    assert problems["subject"] == ["Enter a subject."]
    assert "explode" in problems["body"][0]


def test_a_subject_that_renders_as_nothing_is_refused():
    problems = template_problems(subject="{{ nothing }}", body="<p>x</p>", context={})
    assert "renders as nothing" in problems["subject"][0]


def test_customer_input_is_escaped_and_missing_variables_are_empty():
    html = render("<p>{{ customer_name }}{{ missing.deeper }}</p>", {"customer_name": "<b>x</b>"})
    assert html == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_a_subject_is_one_line_of_unescaped_text():
    assert render_subject("Order {{ n }}\n  for {{ who }}", {"n": "#1", "who": "A & B"}) == (
        "Order #1 for A & B"
    )


def test_plain_text_keeps_links_lists_and_rows():
    text = html_to_text(
        "<style>p{color:red}</style><h1>Hello</h1><p>Open <a href='https://x.test/a'>this</a>."
        "</p><ul><li>one</li><li>two</li></ul><table><tr><td>1 ×</td><td>Mug</td></tr>"
        "<tr><td>2 ×</td><td>Cup</td></tr></table>"
    )
    assert "color" not in text
    assert "Open this (https://x.test/a)." in text
    assert "- one\n- two" in text
    assert "1 × Mug\n2 × Cup" in text


def test_variables_are_listed_by_dotted_name_not_as_python_reprs():
    from notifications.registry import notification_get

    variables = dict(notification_get("order_confirmation").variables())
    assert variables["order.total"] == "$55.50"
    assert variables["order.shipping_address.city"] == "Berlin"
    assert variables["lines"].startswith("a list; each item has: price, quantity, sku, title")
    assert not any(value.startswith(("{", "[")) for value in variables.values())
