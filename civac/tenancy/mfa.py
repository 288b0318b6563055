"""Two-factor exceptions: a workspace admin lets one person work without a second factor, with a reason."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import MfaException

MAX_REASON_LENGTH = 500
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def mfa_exception_record(*, actor, workspace, user, reason: str) -> MfaException:
    """Record or update the exception for ``user``; an admin cannot exempt themselves."""
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason for the exception, for example who checked it and until "
                                      "when it applies."), "missing")
    if len(reason) > MAX_REASON_LENGTH:
        raise field_error("reason", _("Shorten the reason to at most %(limit)d characters.")
                          % {"limit": MAX_REASON_LENGTH}, "too_long")
    if user.pk == actor.pk:
        raise field_error("user", _("You cannot exempt yourself; another workspace admin must record it."),
                          "self_exception")
    with transaction.atomic():
        exception = MfaException.objects.filter(user=user).first() or MfaException(workspace=workspace, user=user)
        exception.reason = reason
        exception.recorded_by = actor
        exception.save()
    return exception


def mfa_exception_remove(*, actor, exception: MfaException) -> None:
    with transaction.atomic():
        exception.delete()


def users_with_second_factor(users) -> set:
    """Return the ids of ``users`` who have a TOTP app or a security key set up, in one query."""
    has_factor = Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTOR_TYPES)
    return set(
        get_user_model().objects.filter(pk__in=[user.pk for user in users])
        .annotate(has_factor=Exists(has_factor)).filter(has_factor=True).values_list("pk", flat=True)
    )
