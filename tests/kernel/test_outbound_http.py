"""The outbound guard against real HTTP servers on 127.0.0.1 (no network beyond the machine)."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from kernel import outbound_http
from kernel.outbound_http import OutboundFailed, OutboundRefused


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/secret")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"x" * 5000)
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"host={self.headers['Host']}".encode())

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        self.send_response(201)
        self.end_headers()
        self.wfile.write(body[::-1])


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def loopback_allowed(settings):
    settings.SOUK_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not outbound_http.address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert outbound_http.address_is_public(address)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com",
        "http://example.com/",  # http only when the caller allows it
        "https://user:pw@example.com/",
        "https:///nohost",
        "https://exa mple.com/",
        "https://example.com:99999/",
    ],
)
def test_url_check_refuses_with_a_reason(url):
    with pytest.raises(OutboundRefused) as error:
        outbound_http.url_check(url)
    assert str(error.value)


def test_loopback_refused_unless_allowed(server, settings):
    settings.SOUK_OUTBOUND_ALLOWED_NETWORKS = []
    with pytest.raises(OutboundRefused, match="private or reserved"):
        outbound_http.request("GET", server + "/", allow_http=True)


def test_a_name_resolving_to_loopback_is_refused(settings):
    settings.SOUK_OUTBOUND_ALLOWED_NETWORKS = []
    with pytest.raises(OutboundRefused):
        outbound_http.request("GET", "http://localhost/", allow_http=True)


def test_allowed_loopback_is_called_and_host_header_kept(server, loopback_allowed):
    response = outbound_http.request("GET", server + "/", allow_http=True)
    assert response.status == 200
    assert response.content_type == "text/plain"
    assert response.body.startswith(b"host=127.0.0.1:")
    assert response.address == "127.0.0.1"


def test_post_sends_the_body(server, loopback_allowed):
    response = outbound_http.request("POST", server + "/hook", body=b"abc", allow_http=True)
    assert (response.status, response.body) == (201, b"cba")


def test_redirects_are_not_followed(server, loopback_allowed):
    response = outbound_http.request("GET", server + "/redirect", allow_http=True)
    assert response.status == 302
    assert response.headers["location"].endswith("/secret")


def test_body_over_the_cap_fails(server, loopback_allowed):
    with pytest.raises(OutboundFailed, match="larger than"):
        outbound_http.request("GET", server + "/big", allow_http=True, max_bytes=1000)


def test_slow_response_times_out(server, loopback_allowed):
    started = time.monotonic()
    with pytest.raises(OutboundFailed, match="too long"):
        outbound_http.request("GET", server + "/slow", allow_http=True, total_timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_refused_connection_is_a_failure_not_a_crash(loopback_allowed):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(OutboundFailed, match="refused"):
        outbound_http.request("GET", f"http://127.0.0.1:{port}/", allow_http=True)


def test_rebinding_answer_is_checked_on_every_address(monkeypatch, settings):
    """One public and one private answer: refused, whichever comes first."""
    settings.SOUK_OUTBOUND_ALLOWED_NETWORKS = []

    def fake_getaddrinfo(host, port, type=0):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(outbound_http.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(OutboundRefused):
        outbound_http.resolve("rebind.example", 443)
