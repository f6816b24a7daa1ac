"""What search engines read: robots.txt and sitemap.xml."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from shops import addresses
from storefront.selectors.sitemap import sitemap_entries

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Per-shop robots.txt; costs no query (routing is cached)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /search/",
        "",
        f"Sitemap: {addresses.absolute_url(request, reverse('storefront:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The shop's sitemap, with absolute URLs on its primary domain.

    The primary domain, not the Wagtail Site's hostname nor the request's Host: a
    shop's other domains redirect there, and a forged Host must not reach the file.
    """
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for entry in sitemap_entries(request):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = addresses.absolute_url(request, entry.path)
        if entry.lastmod is not None:
            ET.SubElement(url, "lastmod").text = entry.lastmod.date().isoformat()
    body = ET.tostring(urlset, encoding="unicode", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
