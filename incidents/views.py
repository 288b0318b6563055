"""Incident register, reporting obligations and their deadlines."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents import services
from incidents.forms import IncidentForm, SubmissionForm
from incidents.models import AlertDelivery, Incident, ObligationKind, ReportingObligation

_FORM_FIELD_FOR = {"aware_at": "aware_local", "detected_at": "detected_local", "submitted_at": "submitted_local"}


def _rename_fields(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({_FORM_FIELD_FOR.get(field, field): errors for field, errors in error.error_dict.items()})


@workspace_view()
def incident_list(request):
    incidents = Incident.objects.all()
    return render(request, "incidents/list.html", {"incidents": incidents})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def incident_new(request):
    form = IncidentForm(request.POST or None, initial={"time_zone": request.workspace.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.user, workspace=request.workspace,
                                                **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, _rename_fields(error))
        else:
            messages.success(request, _("Incident registered."))
            return redirect("incidents:detail", workspace_slug=request.workspace.slug, incident_id=incident.pk)
    return render(request, "incidents/form.html", {"form": form})


def _deadline_context(incident):
    obligations = list(incident.obligations.all())
    final_report_pending = (
        incident.significant
        and incident.workspace.is_nis2_entity
        and not any(o.kind == ObligationKind.NIS2_FINAL_REPORT for o in obligations)
    )
    return {"incident": incident, "obligations": obligations, "now": timezone.now(),
            "final_report_pending": final_report_pending}


@workspace_view()
def incident_detail(request, incident_id):
    incident = get_object_or_404(Incident, pk=incident_id)
    context = _deadline_context(incident)
    context["alerts"] = AlertDelivery.objects.filter(obligation__incident=incident).select_related("obligation")
    context["submission_form"] = SubmissionForm(initial={"time_zone": request.workspace.time_zone})
    return render(request, "incidents/detail.html", context)


@workspace_view()
def incident_deadlines(request, incident_id):
    """htmx fragment: the deadline table with fresh countdowns."""
    incident = get_object_or_404(Incident, pk=incident_id)
    return render(request, "incidents/_deadlines.html", _deadline_context(incident))


@workspace_view("edit", objects={"obligation_id": ReportingObligation})
@require_http_methods(["GET", "POST"])
def obligation_submit(request, obligation_id):
    obligation = get_object_or_404(ReportingObligation.objects.select_related("incident"), pk=obligation_id)
    form = SubmissionForm(request.POST or None, initial={"time_zone": request.workspace.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_submit(actor=request.user, obligation=obligation,
                                       submitted_at=form.cleaned_data["submitted_at"],
                                       reference_number=form.cleaned_data["reference_number"])
        except ValidationError as error:
            apply_service_errors(form, _rename_fields(error))
        else:
            messages.success(request, _("Submission recorded."))
            return redirect("incidents:detail", workspace_slug=request.workspace.slug,
                            incident_id=obligation.incident_id)
    return render(request, "incidents/submit.html", {"form": form, "obligation": obligation})


@workspace_view("edit", objects={"obligation_id": ReportingObligation})
@require_POST
def obligation_acknowledge(request, obligation_id):
    obligation = get_object_or_404(ReportingObligation, pk=obligation_id)
    services.obligation_acknowledge(actor=request.user, obligation=obligation)
    messages.success(request, _("Acknowledged; reminders for this report stop."))
    return redirect("incidents:detail", workspace_slug=request.workspace.slug, incident_id=obligation.incident_id)
