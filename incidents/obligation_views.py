"""Reporting obligations: report drafts and exports, submissions, acknowledgement, interim requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.audit.recorder import append_event
from civac.documents import sha256_hex
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents import services
from incidents.forms import InterimRequestForm, SubmissionForm
from incidents.models import Incident, ReportingObligation
from incidents.reports import initial_content, render_report_pdf, render_report_text, report_form_class
from incidents.views import rename_fields


def _obligation(obligation_id) -> ReportingObligation:
    return get_object_or_404(ReportingObligation.objects.select_related("incident", "workspace"), pk=obligation_id)


def _to_incident(request, incident_id):
    return redirect("incidents:detail", workspace_slug=request.workspace.slug, incident_id=incident_id)


@workspace_view("view", objects={"obligation_id": ReportingObligation})
@require_http_methods(["GET", "POST"])
def report(request, obligation_id):
    obligation = _obligation(obligation_id)
    form_class = report_form_class(obligation.kind)
    form = form_class(request.POST or None, initial=initial_content(obligation))
    if request.method == "POST":
        if not request.workspace_access.can_edit:
            messages.error(request, _("Your role can read reports but not change them."))
        elif form.is_valid():
            try:
                services.report_save(actor=request.user, obligation=obligation, content=form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Report saved."))
                return redirect("incidents:report", workspace_slug=request.workspace.slug,
                                obligation_id=obligation.pk)
    return render(request, "incidents/report_form.html", {"form": form, "obligation": obligation})


def _export(request, obligation, *, fmt: str, content: bytes, content_type: str) -> HttpResponse:
    append_event(workspace_id=obligation.workspace_id, action="export", object_type="incidents.reportingobligation",
                 object_id=str(obligation.pk), object_repr=str(obligation),
                 changes={"format": fmt, "sha256": sha256_hex(content)})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{obligation.kind}-{obligation.incident_id}.{fmt}"'
    return response


@workspace_view("view", objects={"obligation_id": ReportingObligation})
def report_pdf(request, obligation_id):
    obligation = _obligation(obligation_id)
    if obligation.report_file:
        data = obligation.report_file.read()  # exactly what was submitted
    else:
        data = render_report_pdf(obligation, initial_content(obligation))
    return _export(request, obligation, fmt="pdf", content=data, content_type="application/pdf")


@workspace_view("view", objects={"obligation_id": ReportingObligation})
def report_text(request, obligation_id):
    obligation = _obligation(obligation_id)
    text = render_report_text(obligation, initial_content(obligation)).encode("utf-8")
    return _export(request, obligation, fmt="txt", content=text, content_type="text/plain; charset=utf-8")


@transaction.non_atomic_requests
@workspace_view("edit", objects={"obligation_id": ReportingObligation})
@require_http_methods(["GET", "POST"])
def submit(request, obligation_id):
    obligation = _obligation(obligation_id)
    form = SubmissionForm(request.POST or None, initial={"time_zone": request.workspace.time_zone},
                          obligation=obligation)
    if request.method == "POST" and form.is_valid():
        pdf = render_report_pdf(obligation, initial_content(obligation))
        try:
            services.obligation_submit(actor=request.user, obligation=obligation,
                                       submitted_at=form.cleaned_data["submitted_at"],
                                       reference_number=form.cleaned_data["reference_number"],
                                       as_progress=form.cleaned_data.get("as_progress", False), report_pdf=pdf)
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Submission recorded."))
            return _to_incident(request, obligation.incident_id)
    return render(request, "incidents/submit.html", {"form": form, "obligation": obligation})


@workspace_view("edit", objects={"obligation_id": ReportingObligation})
@require_POST
def acknowledge(request, obligation_id):
    obligation = _obligation(obligation_id)
    services.obligation_acknowledge(actor=request.user, obligation=obligation)
    messages.success(request, _("Acknowledged; reminders for this report stop."))
    return _to_incident(request, obligation.incident_id)


@workspace_view("edit", objects={"incident_id": Incident})
@require_http_methods(["GET", "POST"])
def interim_request(request, incident_id):
    incident = get_object_or_404(Incident, pk=incident_id)
    form = InterimRequestForm(request.POST or None, initial={"time_zone": request.workspace.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            services.interim_report_request(actor=request.user, incident=incident,
                                            requested_at=form.cleaned_data["requested_at"],
                                            due_at=form.cleaned_data["due_at"])
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Interim report added with the BSI's deadline."))
            return _to_incident(request, incident.pk)
    return render(request, "incidents/form.html", {"form": form, "title": _("BSI requested an interim report")})
