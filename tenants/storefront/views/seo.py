"""What search engines read: robots.txt and sitemap.xml."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from storefront import selectors

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
        f"Sitemap: {request.build_absolute_uri(reverse('storefront:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The shop's sitemap, with absolute URLs on the host the request came to.

    The request's host, not the Wagtail Site's hostname: a shop answers on its
    subdomain and its custom domains, and each must advertise its own URLs.
    """
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for entry in selectors.sitemap_entries(request):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = request.build_absolute_uri(entry.path)
        if entry.lastmod is not None:
            ET.SubElement(url, "lastmod").text = entry.lastmod.date().isoformat()
    body = ET.tostring(urlset, encoding="unicode", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
