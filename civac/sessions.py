"""Session lifetime: a signed-in session ends after a stretch of inactivity and after a maximum age.

Django's own session expiry is absolute from the last save. These two limits
follow the usual level-2 rule for applications holding sensitive data: an idle
session ends after ``SESSION_IDLE_MINUTES`` and any session after
``SESSION_MAX_HOURS``, so a forgotten browser does not stay signed in for days.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

STARTED_KEY = "civac_session_started"
SEEN_KEY = "civac_session_seen"
# The last request's time is stored at most once a minute, because storing it on
# every request would cost a database write each time.
SEEN_PRECISION_SECONDS = 60


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED_KEY] = now
        request.session[SEEN_KEY] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(STARTED_KEY, now)
            seen = request.session.get(SEEN_KEY, now)
            idle_expired = now - seen > settings.SESSION_IDLE_MINUTES * 60
            if idle_expired or now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity; please sign in "
                                         "again.") if idle_expired else
                              _("Your session reached its maximum length; please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen >= SEEN_PRECISION_SECONDS:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
