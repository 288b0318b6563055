"""Audit sign-ins, sign-outs and failed sign-ins on the platform chain."""

import logging

from allauth.account.signals import password_changed, password_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from civac.audit.recorder import append_event

logger = logging.getLogger(__name__)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    append_event(workspace_id=None, action="login", object_type="accounts.user",
                 object_id=str(user.pk), object_repr=user.email, actor=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    append_event(workspace_id=None, action="logout", object_type="accounts.user",
                 object_id=str(user.pk), object_repr=user.email, actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted address is kept; the password never reaches the log.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:200]
    append_event(workspace_id=None, action="login_failed", object_type="accounts.user",
                 object_repr=attempted)


@receiver(password_changed)
@receiver(password_reset)
def audit_password_change(sender, request, user, **kwargs):
    append_event(workspace_id=None, action="password_change", object_type="accounts.user",
                 object_id=str(user.pk), object_repr=user.email, actor=user)
