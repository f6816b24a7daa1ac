"""A tiny authoritative DNS server on 127.0.0.1 for custom-domain tests.

Built on dnspython's message API: it answers from a dict the test fills in
(``zone.add("_souk-verify.shop.example", "TXT", '"token"')``), NXDOMAIN for names it
does not hold, an empty NOERROR answer for a known name asked with another type, and
SERVFAIL when ``zone.failing`` is set. It listens on a free UDP port; the test points
``CUSTOM_DOMAIN_DNS_NAMESERVERS``/``CUSTOM_DOMAIN_DNS_PORT`` at it. Nothing reaches
the internet.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import defaultdict
from collections.abc import Iterator

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class Zone:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.failing = False
        self.queries: list[tuple[str, str]] = []

    def add(self, name: str, rdtype: str, *values: str) -> None:
        self.records[name.lower().rstrip(".")].setdefault(rdtype.upper(), []).extend(values)

    def clear(self) -> None:
        self.records.clear()

    def answer(self, query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if self.failing:
            response.set_rcode(dns.rcode.SERVFAIL)
            return response
        question = query.question[0]
        name = question.name.to_text(omit_final_dot=True).lower()
        rdtype = dns.rdatatype.to_text(question.rdtype)
        self.queries.append((name, rdtype))
        if name not in self.records:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response
        values = self.records[name].get(rdtype)
        if values:
            response.answer.append(
                dns.rrset.from_text(question.name, 60, dns.rdataclass.IN, rdtype, *values)
            )
        return response


@contextlib.contextmanager
def dns_server() -> Iterator[tuple[int, Zone]]:
    """``(port, zone)`` of a server running in a thread until the block ends."""
    zone = Zone()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    port = sock.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                reply = zone.answer(dns.message.from_wire(data))
            except dns.exception.DNSException:
                continue
            sock.sendto(reply.to_wire(), peer)

    thread = threading.Thread(target=serve, name="test-dns", daemon=True)
    thread.start()
    try:
        yield port, zone
    finally:
        stop.set()
        thread.join(timeout=2)
        sock.close()
