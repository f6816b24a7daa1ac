"""Storefront views that are not Wagtail pages, by topic.

``robots_txt`` and ``media`` are re-exported here because routing and the media
isolation tests address them as ``storefront.views.<name>``.
"""

from storefront.views.media import media
from storefront.views.seo import robots_txt, sitemap_xml

__all__ = ["media", "robots_txt", "sitemap_xml"]
