"""Evidence pages: the workspace list, upload to a subject, download and withdrawal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.evidence_registry import registered, resolve_subject
from isms.forms.evidence import EvidenceUploadForm, EvidenceWithdrawForm
from isms.models import EvidenceFile
from isms.services import evidence as services
from isms.views.evidence_panel import may_attach, panel_context

PAGE_SIZE = 50


@workspace_view()
def evidence_list(request):
    types = registered()
    subject_type = request.GET.get("type", "")
    if subject_type not in {entry.subject_type for entry in types}:
        subject_type = ""
    page = Paginator(services.evidence_list(subject_type=subject_type), PAGE_SIZE).get_page(request.GET.get("page"))
    titles = services.subject_titles(page.object_list)
    labels = {entry.subject_type: entry.label for entry in types}
    rows = [(evidence, labels.get(evidence.subject_type, evidence.subject_type),
             titles.get((evidence.subject_type, evidence.subject_id), "–")) for evidence in page.object_list]
    return render(request, "isms/evidence/list.html", {
        "page": page, "rows": rows, "types": types, "subject_type": subject_type,
    })


def _back_to_subject(request, entry, subject):
    if entry.detail_url is not None:
        return redirect(entry.detail_url(subject, request.workspace))
    return redirect("isms:evidence_list", workspace_slug=request.workspace.slug)


@transaction.non_atomic_requests
@workspace_view()
def evidence_upload(request, subject_id):
    """Store an uploaded file for the subject named by ``subject_type`` in the form and the id in the URL.

    The subject is resolved before the method and the capability are checked,
    so a foreign id gets 404 whatever the request looks like.
    """
    entry, subject = resolve_subject(request.POST.get("subject_type", ""), subject_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_attach(request, entry, subject):
        raise PermissionDenied
    form = EvidenceUploadForm(request.POST, request.FILES)
    stored = None
    if form.is_valid():
        try:
            stored = services.evidence_upload(actor=request.user, workspace=request.workspace, subject=subject,
                                              upload=form.cleaned_data["file"],
                                              description=form.cleaned_data["description"])
        except ValidationError as error:
            apply_service_errors(form, error)
    if request.htmx:
        context = panel_context(request, subject, form=None if stored else form)
        return render(request, "isms/evidence/_panel_body.html", context)
    if stored:
        messages.success(request, _("File “%(name)s” uploaded.") % {"name": stored.original_name})
    else:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
    return _back_to_subject(request, entry, subject)


@workspace_view(objects={"evidence_id": EvidenceFile})
def evidence_download(request, evidence_id):
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id)
    # The subject must still exist in this workspace and accept evidence;
    # a file whose subject is gone is not served.
    resolve_subject(evidence.subject_type, evidence.subject_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not evidence.is_downloadable:
        message = (_("This file is in quarantine: the malware scanner found %(signature)s.")
                   % {"signature": evidence.scan_signature} if evidence.scan_status == "infected"
                   else _("This file is waiting for the malware scan; try again in a minute."))
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    stream = evidence.file.open("rb")
    services.evidence_record_download(actor=request.user, evidence=evidence)
    response = FileResponse(stream, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_view(objects={"evidence_id": EvidenceFile})
def evidence_withdraw(request, evidence_id):
    evidence = get_object_or_404(EvidenceFile, pk=evidence_id)
    entry, subject = resolve_subject(evidence.subject_type, evidence.subject_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_attach(request, entry, subject):
        raise PermissionDenied
    form = EvidenceWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter why the file is withdrawn."))
    else:
        try:
            services.evidence_withdraw(actor=request.user, evidence=evidence, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File “%(name)s” withdrawn; it stays available to auditors.")
                             % {"name": evidence.original_name})
    return _back_to_subject(request, entry, subject)
