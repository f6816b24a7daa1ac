"""``ALLOWED_HOSTS`` that follows the Domain table.

Django validates ``request.get_host()`` against ``settings.ALLOWED_HOSTS``, a static
list. Verified custom domains are data, so the list iterates the static patterns
(the platform domain and its subdomains) and then the custom host names the routing
directory has already resolved to a shop. Routing runs first, so a request's own
custom domain is always known by the time Django checks it; unknown hosts never get
that far (shops.routing answers 404).
"""

from __future__ import annotations

from collections.abc import Iterator


class RoutedHosts(list):
    def __iter__(self) -> Iterator[str]:
        yield from super().__iter__()
        # Here, not at the top: settings import this module, before any model can load.
        from shops.routing import directory

        yield from directory.custom_hosts()

    def __contains__(self, item: object) -> bool:
        return any(item == host for host in self)

    def __repr__(self) -> str:
        return f"RoutedHosts({list(super().__iter__())!r} + verified custom domains)"
