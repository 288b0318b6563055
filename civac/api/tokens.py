"""Create, revoke and look up personal access tokens; only SHA-256 digests of the secrets are stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.api.models import ApiToken
from civac.audit.recorder import append_event
from civac.tenancy.access import resolve_access
from civac.tenancy.errors import field_error

TOKEN_PREFIX = "civac_"
MAX_LIFETIME = timedelta(days=366)
# Writing last_used_at on every request would turn each read into a write;
# once a minute is enough to tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, actor, name: str, scope: str, expires_at: datetime, workspace=None,
                 now: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` and return it with its secret, which is not stored anywhere."""
    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise field_error("name", _("Enter a name that tells you where the token is used."), "name_missing")
    if scope not in ApiToken.Scope.values:
        raise field_error("scope", _("Choose read or write."), "invalid_scope")
    if expires_at <= now:
        raise field_error("expires_at", _("The expiry must lie in the future."), "expiry_in_past")
    if expires_at > now + MAX_LIFETIME:
        raise field_error("expires_at", _("A token may be valid for one year at most; choose an earlier expiry."),
                          "expiry_too_late")
    if workspace is not None and resolve_access(actor, workspace.slug) is None:
        raise field_error("workspace", _("Choose a workspace you can open."), "workspace_not_accessible")

    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, scope=scope, workspace=workspace, expires_at=expires_at,
                     token_sha256=token_sha256(secret), prefix=secret[:len(TOKEN_PREFIX) + 6])
    token.full_clean()
    with transaction.atomic():
        token.save()
        append_event(workspace_id=token.workspace_id, action="create", object_type="api.apitoken",
                     object_id=str(token.pk), object_repr=str(token), actor=actor,
                     changes={"name": token.name, "scope": token.scope, "expires_at": expires_at.isoformat(),
                              "workspace": str(token.workspace_id) if token.workspace_id else "all"})
    return token, secret


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke the token at once; revoking a revoked token changes nothing."""
    if token.user_id != actor.pk:
        raise PermissionError("only the token's owner may revoke it")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        append_event(workspace_id=locked.workspace_id, action="revoke", object_type="api.apitoken",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor)
    return locked


def token_for_secret(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """Return the usable token with this secret, or None for unknown, revoked and expired ones."""
    now = now or timezone.now()
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user", "workspace").filter(token_sha256=token_sha256(secret)).first()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
