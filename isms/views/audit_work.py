"""Performing an internal audit: auditors, checklist, results, findings and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.audits import AuditorForm, ChecklistForm, ChecklistItemForm, CompleteForm, FindingForm
from isms.models import AuditAuditor, AuditChecklistItem, AuditFinding, InternalAudit
from isms.services.audits import (audit_complete, auditor_add, auditor_remove, checklist_build,
                                  checklist_item_assess, finding_create)
from isms.views.audits import audit_or_404, detail_page, to_audit


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@workspace_view("edit", objects={"audit_id": InternalAudit})
@require_POST
def audit_auditor_add(request, audit_id):
    audit = audit_or_404(audit_id)
    form = AuditorForm(request.POST)
    if form.is_valid():
        try:
            auditor_add(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Auditor added."))
            return to_audit(request, audit.pk)
    return detail_page(request, audit, auditor_form=form, status=400)


@workspace_view("edit", objects={"audit_id": InternalAudit, "auditor_id": AuditAuditor})
@require_POST
def audit_auditor_remove(request, audit_id, auditor_id):
    auditor = get_object_or_404(AuditAuditor, pk=auditor_id, audit_id=audit_id)
    try:
        auditor_remove(actor=request.user, auditor=auditor)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Auditor removed."))
    return to_audit(request, audit_id)


@workspace_view("edit", objects={"audit_id": InternalAudit})
@require_POST
def audit_checklist_build(request, audit_id):
    audit = audit_or_404(audit_id)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        try:
            added = checklist_build(actor=request.user, audit=audit, clause_ids=form.cleaned_data["clauses"],
                                    controls=list(form.cleaned_data["controls"]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, ngettext("%(count)d item added to the checklist.",
                                               "%(count)d items added to the checklist.", added) % {"count": added})
            return to_audit(request, audit.pk)
    return detail_page(request, audit, checklist_form=form, status=400)


@workspace_view("edit", objects={"audit_id": InternalAudit, "item_id": AuditChecklistItem})
@require_POST
def audit_checklist_item(request, audit_id, item_id):
    item = get_object_or_404(AuditChecklistItem, pk=item_id, audit_id=audit_id)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a result from the list."))
        return to_audit(request, audit_id)
    try:
        checklist_item_assess(actor=request.user, item=item, **form.cleaned_data)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Result of %(ref)s saved.") % {"ref": item.ref})
    return to_audit(request, audit_id)


@workspace_view("edit", objects={"audit_id": InternalAudit})
@require_POST
def audit_finding_new(request, audit_id):
    audit = audit_or_404(audit_id)
    form = FindingForm(request.POST, audit=audit)
    if form.is_valid():
        try:
            finding_create(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Finding recorded."))
            return to_audit(request, audit.pk)
    return detail_page(request, audit, finding_form=form, status=400)


@workspace_view(objects={"audit_id": InternalAudit, "finding_id": AuditFinding})
@require_http_methods(["GET"])
def audit_finding_detail(request, audit_id, finding_id):
    finding = get_object_or_404(AuditFinding.objects.select_related("audit", "checklist_item"), pk=finding_id,
                                audit_id=audit_id)
    nonconformity = getattr(finding, "nonconformity", None)
    return render(request, "isms/audits/finding.html", {"finding": finding, "audit": finding.audit,
                                                        "nonconformity": nonconformity})


@transaction.non_atomic_requests
@workspace_view("edit", objects={"audit_id": InternalAudit})
@require_POST
def audit_complete_view(request, audit_id):
    # Not one request transaction: the report PDF is rendered before the completion is written.
    audit = audit_or_404(audit_id)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            audit_complete(actor=request.user, audit=audit, conclusion=form.cleaned_data["conclusion"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Audit completed; the audit report is stored."))
            return to_audit(request, audit.pk)
    return detail_page(request, audit, complete_form=form, status=400)
