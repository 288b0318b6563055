"""Mandate lifecycle writes: draft, sign, activate, end. Each is audited through the mandate row itself.

Transitions: draft -> signed -> active -> ended, where signing activates the
mandate at once when its start date has come.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event, jsonable
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import Role
from mandates.completeness import INSUFFICIENT, Grade, grade_terms, terms_of
from mandates.models import Mandate
from mandates.services.checks import check_natural_person, check_roles, check_terms
from officers.models import Appointment
from officers.reauth import check_reauthentication

# Fields a draft may change; everything else moves only through the lifecycle services.
TERM_FIELDS = [
    "starts_on", "ends_on", "roles", "appointment", "continuing_education", "scope", "deliverables",
    "hours_per_month", "onsite_days_per_month", "substitution_rules", "reachable_24_7", "emergency_channel",
    "acknowledgement_minutes", "early_warning_draft_hours", "submission", "client_escalation_duty",
    "significance_criteria", "reporting_line", "report_frequency", "management_keeps_responsibility",
    "management_training_support", "access_rights", "confidentiality", "processes_personal_data",
    "dpa_signed_on", "subcontracting", "liability_cover_eur", "notice_days", "handover_arrangement",
]
BINDING = (Mandate.Status.SIGNED, Mandate.Status.ACTIVE)


def _check_appointment(appointment: Appointment | None) -> None:
    if appointment is None:
        return
    check_natural_person(appointment.officer.first_name, appointment.officer.last_name, "appointment")
    if appointment.deputy is not None:
        check_natural_person(appointment.deputy.first_name, appointment.deputy.last_name, "appointment")


def _lock_workspace(mandate: Mandate) -> None:
    """Serialise mandate writes of one workspace, so two signatures cannot both pass the overlap check."""
    Workspace.objects.select_for_update().filter(pk=mandate.workspace_id).first()


def _check_overlap(mandate: Mandate) -> None:
    """Reject a second binding mandate for a role in the same period; the caller holds the lock."""
    end = mandate.ends_on or date.max
    others = Mandate.objects.filter(status__in=BINDING, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=mandate.starts_on)).exclude(pk=mandate.pk)
    for other in others.select_related("partner"):
        shared = sorted(set(other.role_keys) & set(mandate.role_keys))
        if shared:
            raise field_error("roles", _(
                "The role %(role)s is already covered by the mandate of %(partner)s from %(start)s; end that "
                "mandate first or choose another period.") % {
                    "role": shared[0], "partner": other.partner.name, "start": other.starts_on.isoformat()},
                "mandate_overlap")


def _apply(mandate: Mandate, values: dict) -> None:
    unknown = set(values) - set(TERM_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    for name, value in values.items():
        setattr(mandate, name, value)
    if "roles" in values:
        mandate.roles = ",".join(key.strip() for key in str(values["roles"]).split(",") if key.strip())
    if not mandate.roles and mandate.appointment is not None:
        mandate.roles = mandate.appointment.role.key
    check_roles(mandate.role_keys)
    check_terms({name: getattr(mandate, name) for name in TERM_FIELDS}, starts_on=mandate.starts_on)
    _check_appointment(mandate.appointment)


def mandate_create(*, actor, workspace, partner, starts_on: date, **values) -> Mandate:
    """Record a draft mandate for ``partner``; management signs it before the partner gets access."""
    mandate = Mandate(workspace=workspace, partner=partner, starts_on=starts_on, status=Mandate.Status.DRAFT)
    _apply(mandate, values)
    with transaction.atomic():
        _lock_workspace(mandate)
        _check_overlap(mandate)
        mandate.save()
    return mandate


def mandate_update(*, actor, mandate: Mandate, values: dict) -> Mandate:
    if mandate.status != Mandate.Status.DRAFT:
        raise field_error("status", _("Only a draft mandate can be changed; a signed contract stays as signed."),
                          "mandate_not_draft")
    _apply(mandate, values)
    with transaction.atomic():
        _lock_workspace(mandate)
        _check_overlap(mandate)
        mandate.save()
    return mandate


def mandate_grade(mandate: Mandate, *, today: date | None = None) -> Grade:
    return grade_terms(terms_of(mandate, has_dpa_document=has_dpa_document(mandate),
                                today=today or timezone.localdate()))


def has_dpa_document(mandate: Mandate) -> bool:
    """Return whether the data processing agreement is on file: linked, or uploaded to the mandate's evidence panel.

    The mandate page's evidence panel is the place for the signed agreement, so
    any file there that was not withdrawn counts.
    """
    from isms.services.evidence import evidence_for_subject

    if mandate.dpa_document_id is not None:
        return True
    return evidence_for_subject(mandate).filter(withdrawn_at__isnull=True).exists()


def terms_sha256(mandate: Mandate) -> str:
    """Hash the terms as shown to the signer, so a change after opening the page is noticed."""
    document = {name: jsonable(getattr(mandate, Mandate._meta.get_field(name).attname)) for name in TERM_FIELDS}
    document["partner"] = str(mandate.partner_id)
    document["dpa_document"] = str(mandate.dpa_document_id or "")
    payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def mandate_sign(*, actor, mandate: Mandate, confirmed_sha256: str, password: str, otp_code: str = "",
                 today: date | None = None) -> Mandate:
    """Record management's signature on exactly the terms whose hash the signer saw.

    A mandate with an insufficient term (for example no 24/7 reachability for
    a NIS-2 entity) cannot be signed; missing items are shown but do not block.
    """
    today = today or timezone.localdate()
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("signer", _("Only management of %(workspace)s can sign the mandate.")
                          % {"workspace": mandate.workspace.legal_name}, "signer_not_management")
    if mandate.status != Mandate.Status.DRAFT:
        raise field_error("status", _("This mandate is already signed."), "mandate_not_draft")
    if confirmed_sha256 != terms_sha256(mandate):
        raise field_error("confirmed_sha256", _("The terms changed after you opened them; reload and sign again."),
                          "hash_mismatch")
    grade = mandate_grade(mandate, today=today)
    if grade.level == INSUFFICIENT:
        problem = next(f for f in grade.findings if f.level == INSUFFICIENT)
        raise field_error(problem.field, problem.message, "mandate_insufficient")
    check_reauthentication(actor, password=password, otp_code=otp_code)

    with transaction.atomic():
        _lock_workspace(mandate)
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.status != Mandate.Status.DRAFT:
            raise field_error("status", _("This mandate is already signed."), "mandate_not_draft")
        _check_overlap(mandate)
        mandate.signed_by = actor
        mandate.signed_at = timezone.now()
        mandate.signed_sha256 = confirmed_sha256
        mandate.status = Mandate.Status.ACTIVE if mandate.starts_on <= today else Mandate.Status.SIGNED
        mandate.save()
        append_event(workspace_id=mandate.workspace_id, action="sign", object_type="mandates.mandate",
                     object_id=str(mandate.pk), object_repr=str(mandate), actor=actor,
                     changes={"sha256": confirmed_sha256, "status": mandate.status})
    return mandate


def mandates_activate_due(*, today: date | None = None) -> int:
    """Activate signed mandates whose start date has come; platform code, run daily by the scheduler."""
    today = today or timezone.localdate()
    due = list(Mandate.all_workspaces.filter(status=Mandate.Status.SIGNED, starts_on__lte=today))
    for mandate in due:
        from civac.tenancy.context import workspace_context

        with workspace_context(mandate.workspace), transaction.atomic():
            mandate.status = Mandate.Status.ACTIVE
            mandate.save()
    return len(due)


def mandate_end(*, actor, mandate: Mandate, ends_on: date | None = None) -> Mandate:
    """End the mandate on ``ends_on`` (default today); the partner's staff lose access with their next request.

    Access is resolved on every request from the active mandates, so no
    session of the partner's staff keeps working for this workspace, while
    their sessions for other clients stay valid. A last day in the future is
    recorded and the mandate stays active until then; ``mandates_end_due``
    ends it the day after.
    """
    if mandate.status == Mandate.Status.ENDED:
        raise field_error("status", _("This mandate has already ended."), "mandate_already_ended")
    ends_on = ends_on or timezone.localdate()
    if ends_on < mandate.starts_on:
        raise field_error("ends_on", _("The end date lies before the start of the mandate (%(start)s); choose a "
                                       "later date.") % {"start": mandate.starts_on.isoformat()}, "end_before_start")
    with transaction.atomic():
        if ends_on <= timezone.localdate():
            mandate.status = Mandate.Status.ENDED
        mandate.ends_on = ends_on
        mandate.save()
    return mandate


def mandates_end_due(*, today: date | None = None) -> int:
    """End active or signed mandates whose last day has passed; platform code, run by the scheduler."""
    from civac.tenancy.context import workspace_context

    today = today or timezone.localdate()
    due = list(Mandate.all_workspaces.filter(status__in=[Mandate.Status.ACTIVE, Mandate.Status.SIGNED],
                                             ends_on__lt=today).select_related("workspace"))
    for mandate in due:
        with workspace_context(mandate.workspace), transaction.atomic():
            mandate.status = Mandate.Status.ENDED
            mandate.save()
    return len(due)
