"""The product page prints rich descriptions as HTML, cleaned again at render time."""

from __future__ import annotations

from catalog.models import Product
from tests.storefront import builders


def test_rich_description_is_html_and_nothing_runs(get, in_a):
    with in_a():
        product = builders.product("Vase", handle="vase")
        # Written around the services, as a bad import or an old row could be.
        Product.objects.filter(pk=product.pk).update(
            description="<p>Hand <b>thrown</b></p><script>alert(1)</script>"
            '<p onmouseover="steal()">Glazed</p><a href="javascript:alert(2)">x</a>'
        )
    html = get("/products/vase/").content.decode()
    section = html.split('class="product__description rich-text"')[1].split("</section>")[0]
    assert "<p>Hand <b>thrown</b></p>" in section and "<p>Glazed</p>" in section
    assert "<script" not in section and "onmouseover" not in section
    assert "javascript:" not in section


def test_plain_text_description_keeps_its_lines_escaped(get, in_a):
    with in_a():
        builders.product("Jug", handle="jug", description="Line one\nLine <two>")
    html = get("/products/jug/").content.decode()
    assert "Line one<br>Line &lt;two&gt;" in html
