"""Effectiveness checks and closure: a nonconformity closes only after an effective check."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.models import EffectivenessCheck, Nonconformity
from isms.services.corrective.nonconformities import ensure_open


def effectiveness_check_record(*, actor, nonconformity: Nonconformity, checked_by, checked_on: date, result: str,
                               notes: str, now: datetime | None = None) -> EffectivenessCheck:
    """Record who checked the actions' effect, when, and with which result; needs every action done."""
    now = now or timezone.now()
    notes = (notes or "").strip()
    workspace = nonconformity.workspace
    if result not in EffectivenessCheck.Result.values:
        raise field_error("result", _("Choose whether the actions were effective."), "result_invalid")
    if checked_by is None or not Membership.all_workspaces.filter(workspace=workspace, user=checked_by).exists():
        raise field_error("checked_by", _("Choose the member who checked the effectiveness."), "checked_by_missing")
    if checked_on is None:
        raise field_error("checked_on", _("Enter the date of the check."), "checked_on_missing")
    if checked_on > timezone.localdate(now, workspace.zone):
        raise field_error("checked_on", _("The check date is in the future; record the check once it is done."),
                          "checked_on_future")
    if not notes:
        raise field_error("notes", _("Describe how the effectiveness was checked and what it showed."),
                          "notes_missing")
    with transaction.atomic(), workspace_context(workspace):
        locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        ensure_open(locked)
        if not locked.actions.exists():
            raise field_error("result", _("Add the corrective actions first; the check assesses their effect."),
                              "actions_missing")
        if locked.actions.filter(done_at__isnull=True).exists():
            raise field_error("result", _("Some actions are not done yet; mark them as done before checking their "
                                          "effectiveness."), "actions_open")
        return EffectivenessCheck.objects.create(workspace=workspace, nonconformity=locked, checked_by=checked_by,
                                                 checked_on=checked_on, result=result, notes=notes)


def nonconformity_close(*, actor, nonconformity: Nonconformity, now: datetime | None = None) -> Nonconformity:
    """Close the nonconformity; refused without a cause analysis or without an effective last check."""
    now = now or timezone.now()
    with transaction.atomic(), workspace_context(nonconformity.workspace):
        locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        ensure_open(locked)
        if not locked.cause_analysis:
            raise field_error("cause_analysis", _("Record the cause analysis before closing."), "cause_missing")
        if locked.actions.filter(done_at__isnull=True).exists():
            raise field_error("nonconformity", _("Some actions are not done yet; complete them before closing."),
                              "actions_open")
        last_check = locked.checks.order_by("-checked_on", "-created_at").first()
        if last_check is None:
            raise field_error("effectiveness", _("Closing needs an effectiveness check: record who checked the "
                                                 "actions, when, and that they were effective."),
                              "effectiveness_missing")
        if last_check.result != EffectivenessCheck.Result.EFFECTIVE:
            raise field_error("effectiveness", _("The last effectiveness check found the actions not effective; "
                                                 "add further actions and check again before closing."),
                              "effectiveness_negative")
        locked.status = Nonconformity.Status.CLOSED
        locked.closed_at = now
        locked.closed_by = actor
        locked.save()
        return locked
