"""The nonconformity register and the page of one nonconformity with its actions, checks and closure."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.corrective import (ActionDoneForm, ActionForm, EffectivenessForm, NonconformityEditForm,
                                   NonconformityForm, RegisterFilterForm)
from isms.models import CorrectiveAction, Nonconformity
from isms.services.corrective import (action_add, action_complete, effectiveness_check_record, nonconformity_close,
                                      nonconformity_create, nonconformity_register, nonconformity_update)

PAGE_SIZE = 50


def _nonconformity(nonconformity_id) -> Nonconformity:
    return get_object_or_404(Nonconformity.objects.select_related("finding__audit", "incident", "closed_by"),
                             pk=nonconformity_id)


def _to_detail(request, nonconformity_id):
    return redirect("isms:corrective_detail", workspace_slug=request.workspace.slug,
                    nonconformity_id=nonconformity_id)


@workspace_view()
@require_http_methods(["GET"])
def corrective_list(request):
    form = RegisterFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = nonconformity_register(today=today, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "isms/corrective/list.html",
                  {"form": form, "page": page, "query": query.urlencode(), "today": today})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def corrective_new(request):
    finding_id = request.GET.get("finding")
    form = NonconformityForm(request.POST or None)
    if request.method == "GET" and finding_id:
        match = form.fields["finding"].queryset.filter(pk__in=[finding_id] if _is_uuid(finding_id) else []).first()
        if match is not None:
            form = NonconformityForm(initial={"source": Nonconformity.Source.FINDING, "finding": match})
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity = nonconformity_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Nonconformity recorded. Add the corrective actions."))
            return _to_detail(request, nonconformity.pk)
    return render(request, "isms/corrective/form.html", {"form": form, "nonconformity": None},
                  status=400 if form.errors else 200)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@workspace_view("edit", objects={"nonconformity_id": Nonconformity})
@require_http_methods(["GET", "POST"])
def corrective_edit(request, nonconformity_id):
    nonconformity = _nonconformity(nonconformity_id)
    initial = {field: getattr(nonconformity, field)
               for field in ("title", "description", "immediate_correction", "cause_analysis")}
    form = NonconformityEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity_update(actor=request.user, nonconformity=nonconformity, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Nonconformity saved."))
            return _to_detail(request, nonconformity.pk)
    return render(request, "isms/corrective/form.html", {"form": form, "nonconformity": nonconformity},
                  status=400 if form.errors else 200)


def _detail_page(request, nonconformity: Nonconformity, *, status=200, **forms):
    context = {
        "nonconformity": nonconformity,
        "actions": nonconformity.actions.select_related("owner", "done_by"),
        "checks": nonconformity.checks.select_related("checked_by"),
        "action_form": forms.get("action_form") or ActionForm(),
        "done_form": ActionDoneForm(),
        "check_form": forms.get("check_form") or EffectivenessForm(
            initial={"checked_by": request.user, "checked_on": timezone.localdate()}),
        "close_errors": forms.get("close_errors") or [],
        "today": timezone.localdate(),
    }
    return render(request, "isms/corrective/detail.html", context, status=status)


@workspace_view(objects={"nonconformity_id": Nonconformity})
@require_http_methods(["GET"])
def corrective_detail(request, nonconformity_id):
    return _detail_page(request, _nonconformity(nonconformity_id))


@workspace_view("edit", objects={"nonconformity_id": Nonconformity})
@require_POST
def corrective_action_new(request, nonconformity_id):
    nonconformity = _nonconformity(nonconformity_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            action_add(actor=request.user, nonconformity=nonconformity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Corrective action added; its owner gets a task with reminders."))
            return _to_detail(request, nonconformity.pk)
    return _detail_page(request, nonconformity, action_form=form, status=400)


@workspace_view("edit", objects={"nonconformity_id": Nonconformity, "action_id": CorrectiveAction})
@require_POST
def corrective_action_done(request, nonconformity_id, action_id):
    action = get_object_or_404(CorrectiveAction, pk=action_id, nonconformity_id=nonconformity_id)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done, so the effectiveness check can refer to it."))
        return _to_detail(request, nonconformity_id)
    try:
        action_complete(actor=request.user, action=action, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action marked as done."))
    return _to_detail(request, nonconformity_id)


@workspace_view("edit", objects={"nonconformity_id": Nonconformity})
@require_POST
def corrective_check(request, nonconformity_id):
    nonconformity = _nonconformity(nonconformity_id)
    form = EffectivenessForm(request.POST)
    if form.is_valid():
        try:
            effectiveness_check_record(actor=request.user, nonconformity=nonconformity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Effectiveness check recorded."))
            return _to_detail(request, nonconformity.pk)
    return _detail_page(request, nonconformity, check_form=form, status=400)


@workspace_view("edit", objects={"nonconformity_id": Nonconformity})
@require_POST
def corrective_close(request, nonconformity_id):
    nonconformity = _nonconformity(nonconformity_id)
    try:
        nonconformity_close(actor=request.user, nonconformity=nonconformity)
    except ValidationError as error:
        return _detail_page(request, _nonconformity(nonconformity_id), close_errors=error.messages, status=400)
    messages.success(request, _("Nonconformity closed."))
    return _to_detail(request, nonconformity.pk)
