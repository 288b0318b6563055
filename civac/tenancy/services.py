"""Writes on workspaces, memberships and invitations; each one audited."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event, jsonable
from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Invitation, Membership, Workspace
from civac.tenancy.roles import Role

logger = logging.getLogger(__name__)

WORKSPACE_SETTINGS_FIELDS = [
    "legal_name", "street", "postal_code", "city", "country", "sector", "employees",
    "annual_turnover_eur", "balance_sheet_total_eur", "nis2_category", "digital_entity_type",
    "is_financial_entity", "is_kritis_operator", "trust_service_provider", "time_zone",
    "default_language", "require_mfa",
]


def workspace_create(*, actor, slug: str, legal_name: str, **facts) -> Workspace:
    """Create a workspace and make ``actor`` its first workspace admin."""
    if Workspace.objects.filter(slug=slug).exists():
        raise field_error("slug", _("This short name is taken; choose another."), "slug_taken")
    with transaction.atomic():
        workspace = Workspace(slug=slug, legal_name=legal_name, **facts)
        workspace.full_clean()
        workspace.save()
        append_event(
            workspace_id=workspace.pk, action="create", object_type="tenancy.workspace",
            object_id=str(workspace.pk), object_repr=workspace.legal_name, actor=actor,
            changes={field: [None, jsonable(getattr(workspace, field))] for field in WORKSPACE_SETTINGS_FIELDS},
        )
        with workspace_context(workspace):
            Membership.objects.create(workspace=workspace, user=actor, role=Role.WORKSPACE_ADMIN)
        # The ISMS app owns the standard recurring tasks; imported here to keep the platform core free of it.
        from isms.services.tasks.standard import standard_tasks_create

        standard_tasks_create(actor=actor, workspace=workspace)
    return workspace


def workspace_update(*, actor, workspace: Workspace, values: dict) -> Workspace:
    # Read the stored row: a ModelForm has already copied its values onto ``workspace``.
    stored = Workspace.objects.get(pk=workspace.pk)
    before = {field: jsonable(getattr(stored, field)) for field in WORKSPACE_SETTINGS_FIELDS}
    for field, value in values.items():
        if field not in WORKSPACE_SETTINGS_FIELDS:
            raise field_error(field, _("This field cannot be changed here."), "field_not_editable")
        setattr(workspace, field, value)
    workspace.full_clean()
    changes = {}
    for field in WORKSPACE_SETTINGS_FIELDS:
        after = jsonable(getattr(workspace, field))
        if after != before[field]:
            changes[field] = [before[field], after]
    if not changes:
        return workspace
    with transaction.atomic():
        workspace.save()
        append_event(
            workspace_id=workspace.pk, action="update", object_type="tenancy.workspace",
            object_id=str(workspace.pk), object_repr=workspace.legal_name, actor=actor, changes=changes,
        )
    return workspace


def invitation_create(*, actor, workspace: Workspace, email: str, role: str) -> Invitation:
    """Invite ``email`` into the active workspace and send the link after commit."""
    email = email.strip().lower()
    if role not in Role.values or role == Role.PARTNER_STAFF:
        raise field_error("role", _("Choose one of the listed roles."), "invalid_role")
    if Membership.objects.filter(user__email__iexact=email).exists():
        raise field_error(
            "email", _("%(email)s is already a member of this workspace.") % {"email": email}, "already_member"
        )
    if Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()).exists():
        raise field_error(
            "email", _("%(email)s already has an open invitation; it stays valid for 14 days.") % {"email": email},
            "already_invited",
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(workspace=workspace, email=email, role=role, invited_by=actor)
        transaction.on_commit(lambda: _send_invitation(invitation.pk, workspace.pk))
    return invitation


def _send_invitation(invitation_id, workspace_id) -> None:
    workspace = Workspace.objects.get(pk=workspace_id)
    with workspace_context(workspace):
        invitation = Invitation.objects.select_related("invited_by").get(pk=invitation_id)
    link = settings.SITE_URL + reverse("invitation_accept", args=[invitation.token])
    with translation.override(workspace.default_language):
        subject = _("Invitation to %(workspace)s") % {"workspace": workspace.legal_name}
        body = render_to_string(
            "tenancy/email/invitation.txt",
            {"invitation": invitation, "workspace": workspace, "link": link,
             "role": Role(invitation.role).label},
        )
    send_mail(subject, body, None, [invitation.email])
    logger.info("invitation %s sent for workspace %s", invitation_id, workspace_id)


def invitation_accept(*, user, invitation: Invitation) -> Membership:
    if not invitation.is_open:
        raise field_error("token", _("This invitation has expired or was already used; ask for a new one."),
                          "invitation_closed")
    if user.email.lower() != invitation.email.lower():
        raise field_error(
            "token",
            _("This invitation is for %(email)s; sign in with that address.") % {"email": invitation.email},
            "invitation_wrong_user",
        )
    with transaction.atomic(), workspace_context(invitation.workspace):
        membership, _created = Membership.objects.get_or_create(
            workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership


def _end_sessions(user) -> int:
    """End every session of ``user``; sessions are not tied to one workspace, so all go."""
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


def _check_last_admin(workspace: Workspace, membership: Membership) -> None:
    admins = Membership.objects.filter(role=Role.WORKSPACE_ADMIN).exclude(pk=membership.pk)
    if membership.role == Role.WORKSPACE_ADMIN and not admins.exists():
        raise field_error("role", _("A workspace needs at least one workspace admin; appoint another one first."),
                          "last_admin")


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if role not in Role.values or role == Role.PARTNER_STAFF:
        raise field_error("role", _("Choose one of the listed roles."), "invalid_role")
    if role == membership.role:
        return membership
    if role != Role.WORKSPACE_ADMIN:
        _check_last_admin(membership.workspace, membership)
    with transaction.atomic():
        membership.role = role
        membership.save()
    # A lower role takes effect on the next request anyway; ending sessions also drops open forms.
    _end_sessions(membership.user)
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    """Remove the member and end the user's sessions, so an open browser loses access at once."""
    _check_last_admin(membership.workspace, membership)
    user = membership.user
    with transaction.atomic():
        membership.delete()
    _end_sessions(user)


def invitation_revoke(*, actor, invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise field_error("invitation", _("This invitation was already accepted; remove the member instead."),
                          "already_accepted")
    invitation.delete()
