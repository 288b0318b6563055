"""A fixed-window request limit per client address, kept in Django's cache."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_address(request) -> str:
    # NOTE: behind a reverse proxy this is the proxy's address unless the proxy
    # sets REMOTE_ADDR (gunicorn's --forwarded-allow-ips). Then one shared limit
    # applies to all clients behind it, which errs on the strict side.
    return request.META.get("REMOTE_ADDR", "unknown")


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
