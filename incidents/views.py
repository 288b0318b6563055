"""Incident register: list, registration, detail, facts, assessment, timeline and closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents import services
from incidents.forms import AssessmentForm, CloseForm, IncidentFactsForm, IncidentForm, TimelineForm
from incidents.models import AlertDelivery, Incident, ObligationKind, ReportingObligation, WebhookEndpoint
from incidents.significance import describe

# Services name times by their model field; forms by the local-time input.
_FORM_FIELD_FOR = {"aware_at": "aware_local", "detected_at": "detected_local", "submitted_at": "submitted_local",
                   "dora_classified_at": "dora_classified_local", "occurred_at": "occurred_local",
                   "closed_at": "closed_local", "requested_at": "requested_local", "due_at": "due_local"}


def rename_fields(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({_FORM_FIELD_FOR.get(field, field): errors for field, errors in error.error_dict.items()})


def _incident(incident_id) -> Incident:
    return get_object_or_404(Incident, pk=incident_id)


def _back(request, incident):
    return redirect("incidents:detail", workspace_slug=request.workspace.slug, incident_id=incident.pk)


@workspace_view()
def incident_list(request):
    open_reports = Q(obligations__status=ReportingObligation.Status.OPEN)
    incidents = Incident.objects.annotate(open_reports=Count("obligations", filter=open_reports),
                                          next_due_at=Min("obligations__due_at", filter=open_reports))
    return render(request, "incidents/list.html", {"incidents": incidents})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def incident_new(request):
    form = IncidentForm(request.POST or None, initial={"time_zone": request.workspace.time_zone},
                        workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.user, workspace=request.workspace,
                                                **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Incident registered."))
            return _back(request, incident)
    return render(request, "incidents/form.html", {"form": form, "title": _("Register incident")})


def deadline_context(incident):
    obligations = list(incident.obligations.all())
    final_report_pending = (
        incident.significant
        and incident.workspace.is_nis2_entity
        and not incident.workspace.is_financial_entity
        and not any(o.kind == ObligationKind.NIS2_FINAL_REPORT for o in obligations)
    )
    return {"incident": incident, "obligations": obligations, "now": timezone.now(),
            "final_report_pending": final_report_pending}


def _detail_page(request, incident, *, timeline_form=None, close_form=None, status=200):
    """Render the incident page; a form that failed is shown again, open, with its input and errors."""
    zone = {"time_zone": request.workspace.time_zone}
    context = deadline_context(incident)
    context |= {
        "alerts": AlertDelivery.objects.filter(obligation__incident=incident).select_related("obligation"),
        "webhook_urls": {endpoint.recipient: endpoint.url for endpoint in WebhookEndpoint.objects.all()},
        "timeline": incident.timeline.select_related("author"),
        "assessments": [(a, [describe(r) for r in a.reasons]) for a in incident.assessments.all()],
        "timeline_form": timeline_form or TimelineForm(initial=zone),
        "close_form": close_form or CloseForm(initial=zone),
        "timeline_open": timeline_form is not None,
        "close_open": close_form is not None,
    }
    return render(request, "incidents/detail.html", context, status=status)


@workspace_view()
def incident_detail(request, incident_id):
    return _detail_page(request, _incident(incident_id))


@workspace_view()
def incident_deadlines(request, incident_id):
    """htmx fragment: the deadline table with fresh countdowns."""
    return render(request, "incidents/_deadlines.html", deadline_context(_incident(incident_id)))


@workspace_view("edit", objects={"incident_id": Incident})
@require_http_methods(["GET", "POST"])
def incident_facts(request, incident_id):
    incident = _incident(incident_id)
    initial = {"time_zone": request.workspace.time_zone}
    if incident.dora_classified_at:
        initial["dora_classified_local"] = timezone.localtime(incident.dora_classified_at).replace(tzinfo=None)
    form = IncidentFactsForm(request.POST or None, instance=incident, initial=initial, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update_facts(actor=request.user, incident=_incident(incident_id),
                                           **form.changed_values())
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Incident updated; reporting clocks were checked again."))
            return _back(request, incident)
    return render(request, "incidents/form.html", {"form": form, "title": _("Update incident facts")})


@workspace_view("edit", objects={"incident_id": Incident})
@require_http_methods(["GET", "POST"])
def incident_assess(request, incident_id):
    incident = _incident(incident_id)
    form = AssessmentForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        assessment = services.significance_assess(actor=request.user, incident=incident, answers=form.answers(),
                                                  notes=form.cleaned_data["notes"])
        if assessment.significant:
            messages.warning(request, _("The incident is significant; the NIS-2 reporting clocks run."))
        else:
            messages.success(request, _("The incident was assessed as not significant."))
        return _back(request, incident)
    return render(request, "incidents/assess.html", {"form": form, "incident": incident})


@workspace_view("edit", objects={"incident_id": Incident})
@require_POST
def timeline_add(request, incident_id):
    incident = _incident(incident_id)
    form = TimelineForm(request.POST)
    if form.is_valid():
        try:
            services.timeline_add(actor=request.user, incident=incident, occurred_at=form.cleaned_data["occurred_at"],
                                  text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Timeline entry added."))
            return _back(request, incident)
    return _detail_page(request, incident, timeline_form=form, status=400)


@workspace_view("edit", objects={"incident_id": Incident})
@require_POST
def incident_close(request, incident_id):
    incident = _incident(incident_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.incident_close(actor=request.user, incident=incident, closed_at=form.cleaned_data["closed_at"])
        except ValidationError as error:
            apply_service_errors(form, rename_fields(error))
        else:
            messages.success(request, _("Incident closed."))
            return _back(request, incident)
    return _detail_page(request, _incident(incident_id), close_form=form, status=400)
