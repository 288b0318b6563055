"""Checks for outbound HTTP targets chosen by users (webhooks)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeTarget(ValueError):
    pass


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or getattr(ip, "ipv4_mapped", None) and not _is_public(str(ip.ipv4_mapped)))


def check_webhook_url(url: str, *, resolve=socket.getaddrinfo) -> list[str]:
    """Return the addresses ``url`` resolves to, or raise ``UnsafeTarget`` saying why it is refused.

    Targets must use https and resolve only to public addresses, so a webhook can
    never reach the server's own network. ``WEBHOOK_ALLOW_LOCAL_TARGETS`` lifts
    both rules for tests and local development; production refuses that setting.
    """
    parsed = urlparse(url)
    allow_local = settings.WEBHOOK_ALLOW_LOCAL_TARGETS
    if parsed.scheme != "https" and not (allow_local and parsed.scheme == "http"):
        raise UnsafeTarget(_("The webhook URL must start with https://."))
    if not parsed.hostname:
        raise UnsafeTarget(_("The webhook URL has no host name."))
    try:
        infos = resolve(parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80),
                        type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget(_("The host name %(host)s could not be resolved.") % {"host": parsed.hostname}) from None
    addresses = sorted({info[4][0] for info in infos})
    if not allow_local:
        blocked = [address for address in addresses if not _is_public(address)]
        if blocked:
            raise UnsafeTarget(
                _("%(host)s resolves to the private, loopback or link-local address %(address)s; use a public "
                  "address.") % {"host": parsed.hostname, "address": blocked[0]})
    return addresses
