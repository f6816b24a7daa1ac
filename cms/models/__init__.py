"""Storefront page types, site settings, menus and newsletter sign-ups (shop schema)."""

from cms.models.blog import BlogIndexPage, BlogPage, BlogPageTag
from cms.models.contact import ContactFormField, ContactPage
from cms.models.newsletter import NewsletterSignup
from cms.models.pages import FAQPage, HomePage, LandingPage, StandardPage
from cms.models.site import NavigationSettings, StorefrontSettings

__all__ = [
    "BlogIndexPage",
    "BlogPage",
    "BlogPageTag",
    "ContactFormField",
    "ContactPage",
    "FAQPage",
    "HomePage",
    "LandingPage",
    "NavigationSettings",
    "NewsletterSignup",
    "StandardPage",
    "StorefrontSettings",
]
