"""A fixed-window request limit per client address, kept in Django's cache."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """Return the client IP address, read through ``TRUSTED_PROXY_COUNT`` proxies of our own.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the entry that many places from the right was written
    by our own outermost proxy. Entries further left come from the client and
    may be forged; they are never used. A header shorter than the proxy chain,
    or an entry that is not an IP address, means the request did not come
    through our proxies, so the connection's own address counts.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    entries = [entry.strip() for entry in request.headers.get("X-Forwarded-For", "").split(",") if entry.strip()]
    if len(entries) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-hops]))
    except ValueError:
        return remote


def over_limit(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; True once the address made more than ``limit`` requests in the current window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.add(key, 1, timeout=window_seconds + 5)
            count = 1
    return count > limit
