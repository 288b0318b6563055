"""The report archive, one report's page, its PDF, and the release and acknowledgement forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from reporting import services
from reporting.forms import AcknowledgeForm, ReleaseForm, ReportRequestForm
from reporting.models import QuarterlyReport, ReportAcknowledgement
from reporting.quarters import Quarter, quarter_of

PAGE_SIZE = 25


def _archive_rows():
    return QuarterlyReport.objects.select_related("released_by", "requested_by").annotate(
        requested=Count("acknowledgements"),
        acknowledged=Count("acknowledgements", filter=Q(acknowledgements__acknowledged_at__isnull=False)),
    ).order_by("-year", "-quarter", "-version")


def _archive_page(request, request_form=None, status=200):
    page = Paginator(_archive_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    current = quarter_of(timezone.localdate())
    form = request_form or ReportRequestForm(initial={"year": current.year, "quarter": current.number})
    return render(request, "reporting/archive.html", {"page": page, "request_form": form}, status=status)


@workspace_view()
def archive(request):
    return _archive_page(request)


@workspace_view("edit")
@require_POST
def report_request(request):
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_request(actor=request.user, workspace=request.workspace,
                                             quarter=Quarter(form.cleaned_data["year"], form.cleaned_data["quarter"]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draft is being generated; reload this page in a minute."))
            return redirect("reporting:report", workspace_slug=request.workspace.slug, report_id=report.pk)
    return _archive_page(request, request_form=form, status=400)


def _report_page(request, report_id, *, release_form=None, acknowledge_form=None, status=200):
    report = get_object_or_404(QuarterlyReport.objects.select_related("released_by", "requested_by"), pk=report_id)
    acknowledgements = list(ReportAcknowledgement.objects.filter(report=report).select_related("user"))
    own = next((item for item in acknowledgements if item.user_id == request.user.pk), None)
    access = request.workspace_access
    context = {
        "report": report, "acknowledgements": acknowledgements, "own_acknowledgement": own,
        "release_form": release_form or (ReleaseForm(initial={"confirmed_sha256": report.sha256})
                                         if access.can_edit and report.status == QuarterlyReport.Status.DRAFT
                                         else None),
        "acknowledge_form": acknowledge_form or (AcknowledgeForm() if own is not None and own.acknowledged_at is None
                                                 and report.is_released else None),
    }
    return render(request, "reporting/report_detail.html", context, status=status)


@workspace_view()
def report_detail(request, report_id):
    return _report_page(request, report_id)


@workspace_view(objects={"report_id": QuarterlyReport})
def report_pdf(request, report_id):
    report = get_object_or_404(QuarterlyReport, pk=report_id)
    if not report.file:
        raise Http404("report not rendered yet")
    append_event(workspace_id=report.workspace_id, action="download", object_type="reporting.quarterlyreport",
                 object_id=str(report.pk), object_repr=str(report), changes={"sha256": report.sha256})
    return FileResponse(report.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"quarterly-report-{report.year}-q{report.quarter}-v{report.version}.pdf")


@workspace_view("edit", objects={"report_id": QuarterlyReport})
@require_POST
def report_release(request, report_id):
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.report_release(actor=request.user, report=get_object_or_404(QuarterlyReport, pk=report_id),
                                    recipients=form.cleaned_data["recipients"],
                                    confirmed_sha256=form.cleaned_data["confirmed_sha256"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Report released; management has been notified by e-mail."))
            return redirect("reporting:report", workspace_slug=request.workspace.slug, report_id=report_id)
    return _report_page(request, report_id, release_form=form, status=400)


@workspace_view("sign", objects={"report_id": QuarterlyReport})
@require_POST
def report_acknowledge(request, report_id):
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.report_acknowledge(actor=request.user, report=get_object_or_404(QuarterlyReport, pk=report_id),
                                        comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your acknowledgement has been recorded."))
            return redirect("reporting:report", workspace_slug=request.workspace.slug, report_id=report_id)
    return _report_page(request, report_id, acknowledge_form=form, status=400)
