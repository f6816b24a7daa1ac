"""The DNS check behind custom domains (dnspython).

A merchant proves control of a domain with a TXT record
``_souk-verify.<domain>`` holding the domain's verification token, and points it at
the platform with a CNAME to ``CUSTOM_DOMAIN_CNAME_TARGET`` (an apex domain, which
cannot carry a CNAME, may instead have A records that all belong to that target).
Both must be seen before the domain serves the shop.

The resolver is built from settings (``CUSTOM_DOMAIN_DNS_NAMESERVERS``,
``CUSTOM_DOMAIN_DNS_PORT``, ``CUSTOM_DOMAIN_DNS_TIMEOUT``) rather than always from
``/etc/resolv.conf``, so an operator can ask a resolver that does not cache stale
answers and the tests ask a DNS server of their own on 127.0.0.1 — never the internet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dns.exception
import dns.name
import dns.resolver
from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DnsCheck:
    """What the DNS said about one domain; ``problems`` are sentences for the merchant."""

    token_found: bool
    points_to_platform: bool
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.token_found and self.points_to_platform


class DnsUnavailable(Exception):
    """The resolver gave no usable answer (timeout, SERVFAIL): try again later."""


def verification_record_name(domain: str) -> str:
    return f"{settings.CUSTOM_DOMAIN_TXT_PREFIX}.{domain}"


def cname_target() -> str:
    return settings.CUSTOM_DOMAIN_CNAME_TARGET.lower().rstrip(".")


def make_resolver() -> dns.resolver.Resolver:
    nameservers = list(settings.CUSTOM_DOMAIN_DNS_NAMESERVERS)
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        resolver.nameservers = nameservers
        resolver.port = settings.CUSTOM_DOMAIN_DNS_PORT
    resolver.timeout = settings.CUSTOM_DOMAIN_DNS_TIMEOUT
    resolver.lifetime = settings.CUSTOM_DOMAIN_DNS_TIMEOUT
    resolver.cache = None  # a merchant who just fixed a record must not wait for our cache
    return resolver


def _answer(resolver: dns.resolver.Resolver, name: str, rdtype: str):
    """The records, ``[]`` when the name or type does not exist, ``DnsUnavailable``
    when DNS did not answer."""
    try:
        return list(resolver.resolve(name, rdtype, search=False))
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.resolver.NoNameservers, dns.exception.Timeout, dns.resolver.LifetimeTimeout) as e:
        raise DnsUnavailable(str(e)) from e


def _txt_values(records) -> set[str]:
    return {b"".join(r.strings).decode("ascii", "replace").strip() for r in records}


def domain_dns_check(*, domain: str, token: str) -> DnsCheck:
    """Look up the TXT token and where ``domain`` points; raise ``DnsUnavailable`` if
    DNS could not be asked (the caller keeps the domain pending and tries later)."""
    resolver = make_resolver()
    problems: list[str] = []
    txt_name = verification_record_name(domain)
    token_found = bool(token) and token in _txt_values(_answer(resolver, txt_name, "TXT"))
    if not token_found:
        problems.append(
            _("No TXT record %(name)s with the value %(token)s was found.")
            % {"name": txt_name, "token": token}
        )

    target = cname_target()
    cnames = _answer(resolver, domain, "CNAME")
    if cnames:
        pointed = {r.target.to_text(omit_final_dot=True).lower() for r in cnames}
        points = pointed == {target}
    else:
        # An apex domain cannot have a CNAME: accept A records that are all the target's.
        own = {r.address for r in _answer(resolver, domain, "A")}
        points = bool(own) and own <= {r.address for r in _answer(resolver, target, "A")}
    if not points:
        problems.append(
            _("%(name)s does not point to %(target)s yet (CNAME record).")
            % {"name": domain, "target": target}
        )
    return DnsCheck(token_found=token_found, points_to_platform=points, problems=tuple(problems))
