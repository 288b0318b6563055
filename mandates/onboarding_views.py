"""Onboarding pages of a mandate: phases, their tasks and progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from isms.models import Task
from mandates.models import Mandate, OnboardingPhase, OnboardingTask
from mandates.services import onboarding as service
from civac.tenancy.decorators import workspace_view


def _to_onboarding(request, mandate_id):
    return redirect("mandates:onboarding", workspace_slug=request.workspace.slug, mandate_id=mandate_id)


@workspace_view(objects={"mandate_id": Mandate})
def onboarding(request, mandate_id):
    mandate = get_object_or_404(Mandate.objects.select_related("partner"), pk=mandate_id)
    phases = list(OnboardingPhase.objects.filter(mandate=mandate).prefetch_related("task_links__task"))
    for phase in phases:
        links = list(phase.task_links.all())
        done = sum(1 for link in links if link.task.status != Task.Status.OPEN)
        phase.links = links
        phase.progress = round(100 * done / len(links)) if links else 100
    current = next((phase for phase in phases if phase.completed_at is None), None)
    return render(request, "mandates/onboarding.html", {"mandate": mandate, "phases": phases, "current": current})


@workspace_view("edit", objects={"mandate_id": Mandate})
@require_POST
def onboarding_start(request, mandate_id):
    try:
        service.onboarding_start(actor=request.user, mandate=get_object_or_404(Mandate, pk=mandate_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_onboarding(request, mandate_id)


@workspace_view("edit", objects={"phase_id": OnboardingPhase})
@require_POST
def phase_complete(request, phase_id):
    phase = get_object_or_404(OnboardingPhase, pk=phase_id)
    try:
        service.phase_complete(actor=request.user, phase=phase)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_onboarding(request, phase.mandate_id)


@workspace_view("edit", objects={"onboardingtask_id": OnboardingTask})
@require_POST
def task_done(request, onboardingtask_id):
    link = get_object_or_404(OnboardingTask.objects.select_related("task", "phase"), pk=onboardingtask_id)
    try:
        service.onboarding_task_done(actor=request.user, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_onboarding(request, link.phase.mandate_id)
