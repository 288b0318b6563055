"""A fixed-window request limit per personal access token (or per user for browser sessions), kept in the cache."""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from civac.api.models import ApiToken

WINDOW_SECONDS = 60


def _count(key: str, window_seconds: int) -> int:
    if cache.add(key, 1, timeout=window_seconds + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        return 1


class TokenRateThrottle(BaseThrottle):
    """Allow ``API_RATE_LIMIT_PER_MINUTE`` requests per token and minute.

    A token is counted on its own, so one busy integration cannot use up the
    budget of its owner's other tokens or browser session.
    """

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            subject = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            subject = f"user:{request.user.pk}"
        else:
            return True  # anonymous requests are rejected by the permission check anyway
        window = int(time.time() // WINDOW_SECONDS)
        self._window_end = (window + 1) * WINDOW_SECONDS
        count = _count(f"ratelimit:api:{subject}:{window}", WINDOW_SECONDS)
        return count <= settings.API_RATE_LIMIT_PER_MINUTE

    def wait(self):
        return max(1, int(self._window_end - time.time()))
