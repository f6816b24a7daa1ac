"""The one way Souk calls a URL that a merchant, an app or a file gave it.

Webhook endpoints, product images named in an imported CSV, images given to the Admin
API by URL: each is an address somebody outside chose, so each could point Souk at its
own insides (``http://127.0.0.1:6379``, the cloud's metadata service at
``169.254.169.254``, a database on the private network). This module is the guard
every such call goes through, so a rule added here holds at every door:

- only ``https`` (``http`` only where the caller says so, e.g. a development setting);
- the host is resolved **here**, every address it resolves to must be public (not
  loopback, private, link-local, multicast, reserved, shared or unspecified; IPv4-mapped
  IPv6 is unwrapped first), and the connection is made to the address that was checked
  (pinned), so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot slip a private address in; TLS still verifies the certificate
  against the host name;
- redirects are never followed (the caller gets the 3xx and decides);
- a connect timeout, a total deadline, and a cap on the bytes read.

``SOUK_OUTBOUND_ALLOWED_NETWORKS`` lists addresses or networks that are let through
anyway (tests and development run their receivers on 127.0.0.1); it is empty in
production.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_CONNECT_TIMEOUT = 2.0
DEFAULT_TOTAL_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 1024 * 1024
_CHUNK = 64 * 1024


class OutboundRefused(ValueError):
    """The URL may not be called: its scheme, host or resolved address is not allowed.

    The message is for the merchant ("resolves to a private address"), never a trace.
    """


class OutboundFailed(Exception):
    """The call was allowed but did not complete: timeout, refused connection, TLS, too big."""


@dataclass(frozen=True)
class OutboundResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    address: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in getattr(settings, "SOUK_OUTBOUND_ALLOWED_NETWORKS", ())
    ]


def address_is_public(address: str) -> bool:
    """Whether *address* is one the open internet routes to (``is_global``).

    ``is_global`` is false for loopback, private (RFC 1918, ULA), link-local (the
    metadata service), shared (100.64/10), reserved, documentation and unspecified
    ranges; multicast is refused on top because it can be "global".
    """
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks()):
        return True
    return address_is_public(str(ip))


def url_check(url: str, *, allow_http: bool = False) -> tuple[str, str, int]:
    """Scheme, host and port of *url*, or :class:`OutboundRefused` saying why not.

    Checks only the text: it is what a form calls when the URL is saved. The resolved
    address is checked again by :func:`request` on every call.
    """
    if any(ord(char) < 33 for char in url):
        raise OutboundRefused(_("The address has spaces or control characters."))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or (scheme == "http" and not allow_http):
        raise OutboundRefused(_("The address must start with https://."))
    if parts.username or parts.password:
        raise OutboundRefused(_("The address may not carry a user name or password."))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise OutboundRefused(_("The address has no host name."))
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise OutboundRefused(_("The address has an invalid port.")) from error
    return scheme, host, port


def resolve(host: str, port: int) -> str:
    """The address to connect to: every address *host* resolves to must be allowed.

    All of them, not only the first: a name that answers with one public and one
    private address would otherwise be a coin toss away from the private one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundFailed(
            _("The host name %(host)s could not be resolved.") % {"host": host}
        ) from error
    addresses = []
    for info in infos:
        address = info[4][0].split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    for address in addresses:
        if not address_allowed(address):
            raise OutboundRefused(
                _("%(host)s resolves to a private or reserved address, which Souk does not call.")
                % {"host": host}
            )
    if not addresses:
        raise OutboundFailed(_("The host name %(host)s has no address.") % {"host": host})
    return addresses[0]


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    allow_http: bool = False,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> OutboundResponse:
    """Call *url* once, through the guard; never follows a redirect, never retries.

    Raises :class:`OutboundRefused` for an address Souk does not call and
    :class:`OutboundFailed` for a call that did not complete (including a body over
    *max_bytes* or past the total deadline). Any HTTP status is a response.
    """
    scheme, host, port = url_check(url, allow_http=allow_http)
    address = resolve(host, port)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    deadline = time.monotonic() + total_timeout
    timeout = urllib3.Timeout(total=total_timeout, connect=connect_timeout, read=total_timeout)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            maxsize=1,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    sent_headers = {"User-Agent": "Souk", **(headers or {})}
    sent_headers["Host"] = host if port in (80, 443) else f"{host}:{port}"
    try:
        response = pool.urlopen(
            method,
            path,
            body=body,
            headers=sent_headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = _read_capped(response, deadline=deadline, max_bytes=max_bytes)
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        raise OutboundFailed(_describe(error)) from error
    finally:
        pool.close()
    return OutboundResponse(
        status=response.status,
        headers={key.lower(): value for key, value in response.headers.items()},
        body=content,
        address=address,
    )


def _read_capped(response, *, deadline: float, max_bytes: int) -> bytes:
    chunks = []
    size = 0
    for chunk in response.stream(_CHUNK, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise OutboundFailed(
                _("The response is larger than %(size)d bytes.") % {"size": max_bytes}
            )
        if time.monotonic() > deadline:
            raise OutboundFailed(_("The response took too long."))
        chunks.append(chunk)
    return b"".join(chunks)


def _describe(error: Exception) -> str:
    # NewConnectionError is a subclass of ConnectTimeoutError in urllib3 2: ask it first.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return _("The connection was refused.")
    if isinstance(error, urllib3.exceptions.ConnectTimeoutError):
        return _("The connection timed out.")
    if isinstance(error, (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.TimeoutError)):
        return _("The response took too long.")
    if isinstance(error, urllib3.exceptions.SSLError):
        return _("The TLS certificate could not be verified.")
    return _("The request failed: %(error)s") % {"error": error.__class__.__name__}
