"""Audit sign-ins, sign-outs and failed sign-ins on the platform chain."""

import logging

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
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


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def audit_second_factor_change(sender, request, user, authenticator, **kwargs):
    """Record each added, removed or reset second factor; the secret itself never reaches the log."""
    action = {authenticator_added: "mfa_added", authenticator_removed: "mfa_removed",
              authenticator_reset: "mfa_reset"}[kwargs["signal"]]
    append_event(workspace_id=None, action=action, object_type="accounts.user", object_id=str(user.pk),
                 object_repr=user.email, changes={"type": authenticator.type}, actor=user)
