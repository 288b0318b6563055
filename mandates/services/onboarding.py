"""Onboarding of a new client: four phases from a data file, each opening its standard tasks."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import Task
from isms.services.tasks import task_complete, task_create
from mandates.models import Mandate, OnboardingPhase, OnboardingTask

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "onboarding.yaml"


@lru_cache(maxsize=1)
def onboarding_template() -> list[dict]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["phases"]


def onboarding_start(*, actor, mandate: Mandate, today: date | None = None) -> list[OnboardingPhase]:
    """Create the four phases with planned durations and open every standard task, due at its phase's end."""
    today = today or timezone.localdate()
    if mandate.status != Mandate.Status.ACTIVE:
        raise field_error("mandate", _("Onboarding starts once the mandate is active."), "mandate_not_active")
    language = mandate.workspace.default_language
    phases, phase_start = [], today
    with transaction.atomic(), workspace_context(mandate.workspace):
        if OnboardingPhase.objects.filter(mandate=mandate).exists():
            raise field_error("mandate", _("Onboarding has already started for this mandate."), "onboarding_started")
        for spec in onboarding_template():
            phase_end = phase_start + timedelta(days=spec["planned_days"])
            phase = OnboardingPhase.objects.create(
                workspace=mandate.workspace, mandate=mandate, number=spec["number"],
                planned_days=spec["planned_days"], started_on=today if spec["number"] == 1 else None)
            for item in spec["tasks"]:
                task = task_create(actor=actor, workspace=mandate.workspace, title=item["title"][language],
                                   due_on=phase_end)
                OnboardingTask.objects.create(workspace=mandate.workspace, phase=phase, task=task,
                                              template_key=item["key"], core_step=item["core_step"])
            phases.append(phase)
            phase_start = phase_end
    return phases


def onboarding_task_done(*, actor, link: OnboardingTask) -> Task:
    return task_complete(actor=actor, task=link.task, note=_("Done in onboarding."))


def phase_complete(*, actor, phase: OnboardingPhase) -> OnboardingPhase:
    """Close a phase once its tasks are done and the phases before it are closed; the next phase starts today."""
    with transaction.atomic():
        locked = OnboardingPhase.objects.select_for_update().get(pk=phase.pk)
        if locked.completed_at is not None:
            raise field_error("phase", _("This phase is already completed."), "phase_done")
        if OnboardingPhase.objects.filter(mandate_id=phase.mandate_id, number__lt=phase.number,
                                          completed_at__isnull=True).exists():
            raise field_error("phase", _("Complete the earlier phases first."), "phase_order")
        open_tasks = OnboardingTask.objects.filter(phase=phase, task__status=Task.Status.OPEN).count()
        if open_tasks:
            raise field_error("phase", _("%(count)s tasks of this phase are still open; finish them first.")
                              % {"count": open_tasks}, "phase_tasks_open")
        phase.completed_at = timezone.now()
        phase.completed_by = actor
        phase.save()
        following = OnboardingPhase.objects.filter(mandate_id=phase.mandate_id, number=phase.number + 1).first()
        if following is not None:
            following.started_on = timezone.localdate()
            following.save()
    return phase
