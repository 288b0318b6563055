"""Writes on the versioned ISMS scope statement: save a draft, approve it, hash what was approved."""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import Role
from isms.models import ScopeVersion
from officers.reauth import check_reauthentication

logger = logging.getLogger(__name__)

SCOPE_FIELDS = [
    "scope_text", "boundaries", "interfaces", "exclusions", "exclusion_justification", "locations",
    "organisational_units", "climate_change_relevant", "climate_change_reasoning",
]
# Texts an approved scope statement cannot do without; exclusions are optional.
REQUIRED_FOR_APPROVAL = ["scope_text", "boundaries", "interfaces", "locations", "organisational_units"]


def current_scope_version() -> ScopeVersion | None:
    """Return the newest version, draft or approved, of the active workspace."""
    return ScopeVersion.objects.select_related("approved_by").order_by("-number").first()


def latest_approved_scope_version() -> ScopeVersion | None:
    return ScopeVersion.objects.filter(status=ScopeVersion.Status.APPROVED).order_by("-number").first()


def scope_content_sha256(version: ScopeVersion) -> str:
    """Hash the frozen content: the scope fields, the version number and the workspace, as canonical JSON."""
    content = {name: getattr(version, name) for name in SCOPE_FIELDS}
    content["number"] = version.number
    content["workspace"] = str(version.workspace_id)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def scope_draft_save(*, actor, workspace: Workspace, values: dict, based_on: ScopeVersion | None,
                     revision: int) -> ScopeVersion:
    """Save ``values`` into the draft, or start the next draft when the newest version is approved.

    ``based_on`` and ``revision`` name the version the form was loaded from; when
    another save or an approval came in between, the form is stale and rejected.
    """
    unknown = set(values) - set(SCOPE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    if not (values.get("scope_text") or "").strip():
        raise field_error("scope_text", _("Enter the scope statement: what the ISMS covers."), "scope_text_missing")
    _check_exclusions(values)

    with transaction.atomic():
        # Locking the workspace row serialises saves and approvals of its scope, so two
        # writers cannot both create version N+1 or save over each other unnoticed.
        Workspace.objects.select_for_update().get(pk=workspace.pk)
        current = ScopeVersion.objects.order_by("-number").first()
        _check_not_stale(current, based_on, revision)
        if current is not None and current.is_draft:
            draft = current
            draft.revision += 1
        else:
            number = (current.number + 1) if current is not None else 1
            draft = ScopeVersion(workspace=workspace, number=number)
        for name, value in values.items():
            setattr(draft, name, value)
        draft.full_clean()
        draft.save()
    return draft


def scope_approve(*, actor, version: ScopeVersion, revision: int, password: str, otp_code: str = "") -> ScopeVersion:
    """Approve a complete draft as management after re-authentication; the version is frozen afterwards.

    The approve event carries the SHA-256 of the frozen content, so an auditor can
    check that the version shown today is the one management approved.
    """
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("approver", _("Only management can approve the ISMS scope."), "approver_not_management")
    _check_approvable(version, revision)
    _check_complete(version)
    check_reauthentication(actor, password=password, otp_code=otp_code)

    with transaction.atomic():
        Workspace.objects.select_for_update().get(pk=version.workspace_id)
        locked = ScopeVersion.objects.get(pk=version.pk)
        _check_approvable(locked, revision)
        approved_at = timezone.now()
        locked.status = ScopeVersion.Status.APPROVED
        locked.approved_at = approved_at
        locked.approved_by = actor
        locked.content_sha256 = scope_content_sha256(locked)
        locked.save()
        append_event(
            workspace_id=locked.workspace_id, action="approve", object_type="isms.scopeversion",
            object_id=str(locked.pk), object_repr=str(locked), actor=actor,
            changes={"number": locked.number, "content_sha256": locked.content_sha256,
                     "approved_at": approved_at.isoformat()},
        )
    logger.info("scope version %s approved by user %s", locked.pk, actor.pk)
    return locked


def _check_not_stale(current: ScopeVersion | None, based_on: ScopeVersion | None, revision: int) -> None:
    current_id = current.pk if current is not None else None
    based_on_id = based_on.pk if based_on is not None else None
    if current_id != based_on_id or (current is not None and current.revision != revision):
        raise field_error("revision", _(
            "The scope was changed by someone else after you opened this page. Reload the page, "
            "then enter your changes again."), "stale_form")


def _check_approvable(version: ScopeVersion, revision: int) -> None:
    if not version.is_draft:
        raise field_error("version", _("Version %(number)s is already approved; edit the scope to start a new "
                                       "draft.") % {"number": version.number}, "already_approved")
    if version.revision != revision:
        raise field_error("revision", _("The draft changed after you opened it; reload the page and check the "
                                        "text before approving."), "stale_form")


def _check_exclusions(values: dict) -> None:
    if (values.get("exclusions") or "").strip() and not (values.get("exclusion_justification") or "").strip():
        raise field_error("exclusion_justification",
                          _("Justify each exclusion: say why it does not affect information security."),
                          "exclusion_unjustified")


def _check_complete(version: ScopeVersion) -> None:
    """Reject approval of a draft that lacks a text an auditor expects in the scope statement."""
    for name in REQUIRED_FOR_APPROVAL:
        if not getattr(version, name).strip():
            label = ScopeVersion._meta.get_field(name).verbose_name
            raise field_error(name, _("The draft has no %(field)s; complete it before approval.")
                              % {"field": label}, "incomplete")
    _check_exclusions({name: getattr(version, name) for name in SCOPE_FIELDS})
    if version.climate_change_relevant is None:
        raise field_error("climate_change_relevant", _(
            "Decide whether climate change is a relevant issue (ISO/IEC 27001:2022 Amd 1:2024) before approval."),
            "climate_decision_missing")
    if not version.climate_change_reasoning.strip():
        raise field_error("climate_change_reasoning", _(
            "Give the reasoning for the decision on climate change before approval."), "climate_reasoning_missing")

