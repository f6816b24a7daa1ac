"""A browser for Django's test client: cookies kept per host.

Django's ``Client`` keeps one cookie jar whatever the host, so a platform session
and a shop session would overwrite each other's ``sessionid``. The single sign-on
hand-off crosses hosts (shop -> platform -> shop), and what it proves depends on
which cookies each host sees: ``Browser`` keeps one ``Client`` per host, as a real
browser keeps host-only cookies apart, and follows redirects across them.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from django.db import connection
from django.test import Client

from tests.support.two_factor import force_login_verified

PLATFORM_HOST = "souk.test"


class Browser:
    def __init__(self) -> None:
        self._clients: dict[str, Client] = {}

    def client(self, host: str = PLATFORM_HOST) -> Client:
        if host not in self._clients:
            self._clients[host] = Client(HTTP_HOST=host)
        return self._clients[host]

    def log_in(self, account) -> Browser:
        """A platform session for ``account`` (the platform's login form is tested
        elsewhere); platform staff's session has passed the code challenge, as the
        console and support entry require."""
        connection.set_schema_to_public()  # a request to a shop leaves its schema set
        if account.is_staff or account.is_superuser or account.has_perm("console.access_console"):
            force_login_verified(self.client(PLATFORM_HOST), account)
        else:
            self.client(PLATFORM_HOST).force_login(account)
        return self

    def get(self, url: str, **extra):
        host, path = _split(url)
        return self.client(host).get(path, HTTP_HOST=host, **extra)

    def post(self, url: str, data=None, **extra):
        host, path = _split(url)
        return self.client(host).post(path, data or {}, HTTP_HOST=host, **extra)

    def follow(self, url: str, response, *, stop=None, limit: int = 10):
        """Follow ``response``'s redirects (``url`` is where it came from) until a
        page that is not a redirect, or until ``stop(next_url)`` says to stop there
        (then that URL is returned, not opened). Returns ``(url, response)``."""
        for _ in range(limit):
            if response.status_code not in (301, 302, 303, 307, 308):
                return url, response
            url = urljoin(url, response["Location"])
            if stop is not None and stop(url):
                return url, None
            response = self.get(url)
        raise AssertionError("too many redirects")


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.hostname, path


def platform(path: str) -> str:
    return f"http://{PLATFORM_HOST}{path}"


def shop_url(shop, path: str = "/") -> str:
    return f"http://{shop.subdomain}.{PLATFORM_HOST}{path}"


def is_ticket_redemption(url: str) -> bool:
    """The hand-off's last step: the shop host's ``/_sso/?token=…``."""
    parts = urlsplit(url)
    return parts.path == "/_sso/" and "token=" in parts.query


def open_admin(browser: Browser, shop, *, support: bool = False, stop=None):
    """Click "Open admin" on My shops (or "View as support" in the console) and
    follow the hand-off. Returns ``(url, response)`` as ``Browser.follow``."""
    if support:
        start = platform(f"/console/shops/{shop.pk}/support/")
        response = browser.post(start)
    else:
        start = platform(f"/shops/{shop.pk}/enter/")
        response = browser.post(start)
    return browser.follow(start, response, stop=stop)
