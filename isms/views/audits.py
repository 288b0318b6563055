"""Internal audit pages: programme and audit list, planning, the audit page and its report PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.audits import AuditForm, AuditorForm, ChecklistForm, CompleteForm, FindingForm, ProgrammeForm
from isms.models import AuditProgramme, InternalAudit
from isms.services.audits import audit_create, audit_report_pdf, audit_update, programme_create, programme_update


def audit_or_404(audit_id) -> InternalAudit:
    return get_object_or_404(InternalAudit.objects.select_related("programme", "auditee", "completed_by"),
                             pk=audit_id)


def to_audit(request, audit_id):
    return redirect("isms:audit_detail", workspace_slug=request.workspace.slug, audit_id=audit_id)


@workspace_view()
@require_http_methods(["GET"])
def audit_list(request):
    # Two queries whatever the number of audits: programmes, then their audits with counts.
    programmes = AuditProgramme.objects.prefetch_related("audits__auditors__member", "audits__findings")
    return render(request, "isms/audits/list.html", {"programmes": programmes, "today": timezone.localdate()})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def audit_programme_new(request):
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            programme_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Audit programme saved."))
            return redirect("isms:audit_list", workspace_slug=request.workspace.slug)
    return render(request, "isms/audits/programme_form.html", {"form": form, "programme": None},
                  status=400 if form.errors else 200)


@workspace_view("edit", objects={"programme_id": AuditProgramme})
@require_http_methods(["GET", "POST"])
def audit_programme_edit(request, programme_id):
    programme = get_object_or_404(AuditProgramme, pk=programme_id)
    initial = {"year": programme.year, "objectives": programme.objectives, "method": programme.method}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Audit programme saved."))
            return redirect("isms:audit_list", workspace_slug=request.workspace.slug)
    return render(request, "isms/audits/programme_form.html", {"form": form, "programme": programme},
                  status=400 if form.errors else 200)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def audit_new(request):
    form = AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit = audit_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Audit planned."))
            return to_audit(request, audit.pk)
    if not form.fields["programme"].queryset.exists():
        messages.info(request, _("Create the audit programme of the year first."))
    return render(request, "isms/audits/form.html", {"form": form, "audit": None},
                  status=400 if form.errors else 200)


@workspace_view("edit", objects={"audit_id": InternalAudit})
@require_http_methods(["GET", "POST"])
def audit_edit(request, audit_id):
    audit = audit_or_404(audit_id)
    initial = {field: getattr(audit, field) for field in ("title", "scope", "criteria", "auditee", "starts_on",
                                                          "ends_on")}
    form = AuditForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            audit_update(actor=request.user, audit=audit, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Audit saved."))
            return to_audit(request, audit.pk)
    return render(request, "isms/audits/form.html", {"form": form, "audit": audit},
                  status=400 if form.errors else 200)


def detail_page(request, audit: InternalAudit, *, status=200, **forms):
    """Render the audit page; a form that failed is passed in so its errors show beside its fields."""
    context = {
        "audit": audit,
        "auditors": audit.auditors.select_related("member"),
        "checklist": audit.checklist.all(),
        "findings": audit.findings.select_related("checklist_item", "nonconformity"),
        "auditor_form": forms.get("auditor_form") or AuditorForm(),
        "checklist_form": forms.get("checklist_form") or ChecklistForm(),
        "finding_form": forms.get("finding_form") or FindingForm(audit=audit),
        "complete_form": forms.get("complete_form") or CompleteForm(initial={"conclusion": audit.conclusion}),
    }
    return render(request, "isms/audits/detail.html", context, status=status)


@workspace_view(objects={"audit_id": InternalAudit})
@require_http_methods(["GET"])
def audit_detail(request, audit_id):
    return detail_page(request, audit_or_404(audit_id))


@transaction.non_atomic_requests
@workspace_view(objects={"audit_id": InternalAudit})
@require_http_methods(["GET"])
def audit_report(request, audit_id):
    # Not one request transaction: a draft is rendered here, and rendering must not hold the audit chain's lock.
    pdf, final = audit_report_pdf(actor=request.user, audit=audit_or_404(audit_id))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"audit-report-{audit_id}.pdf" if final else f"audit-report-{audit_id}-draft.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
