"""Membership roles and what each may do in a workspace."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKSPACE_ADMIN = "workspace_admin", _("Workspace admin")
    OFFICER = "officer", _("Officer")
    MANAGEMENT = "management", _("Management")
    AUDITOR = "auditor", _("Auditor (read-only)")
    PARTNER_STAFF = "partner_staff", _("Partner staff")


# Partner staff reach a workspace through an active mandate and do the
# officer's work there, so they share the officer's write rights.
EDITOR_ROLES = frozenset({Role.WORKSPACE_ADMIN, Role.OFFICER, Role.PARTNER_STAFF})
SIGNER_ROLES = frozenset({Role.MANAGEMENT})
ADMIN_ROLES = frozenset({Role.WORKSPACE_ADMIN})
# Roles that change or sign what the workspace records must use a second
# factor, unless a workspace admin records an exception for the person.
MFA_REQUIRED_ROLES = frozenset({Role.WORKSPACE_ADMIN, Role.OFFICER, Role.MANAGEMENT, Role.PARTNER_STAFF})
