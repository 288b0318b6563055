"""Personal access tokens for the REST API."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ApiToken"]


class ApiToken(models.Model):
    """A user's personal access token: a name, a scope, one workspace or all of them, an expiry.

    Only the SHA-256 of the secret is stored; the secret itself is shown once
    when the token is created. Transitions: active -> revoked, or active ->
    expired when ``expires_at`` passes. Neither can be undone. The token never
    grants more than its user's role in a workspace allows.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # No foreign-key cascade: deleting a workspace must not silently widen a
    # token to "all workspaces" (null), so the token is protected instead.
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("workspace"),
                                  help_text=_("Leave empty to reach every workspace you can open."))
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
