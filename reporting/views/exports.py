"""Exports for auditors: one page listing every table and format, and the download itself."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from civac.tenancy.decorators import workspace_view
from reporting.services.exports import FORMATS, KINDS, export_table


# Exports that their own area already serves; the download redirects there instead of writing a second version.
EXISTING = {
    ("officers", "xlsx"): "officers:register_xlsx",
    ("officers", "pdf"): "officers:register_pdf",
    ("treatment-plan", "xlsx"): "isms:risk_treatment_plan_xlsx",
    ("treatment-plan", "pdf"): "isms:risk_treatment_plan_pdf",
}


@workspace_view()
def export_index(request):
    return render(request, "reporting/exports.html", {"kinds": KINDS.values(), "formats": FORMATS})


@workspace_view()
def export_download(request, kind, file_format):
    if kind not in KINDS or file_format not in FORMATS:
        raise Http404("unknown export")
    if (kind, file_format) in EXISTING:
        return redirect(EXISTING[(kind, file_format)], workspace_slug=request.workspace.slug)
    data = export_table(actor=request.user, workspace=request.workspace, kind=KINDS[kind], file_format=file_format)
    response = HttpResponse(data, content_type=FORMATS[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{request.workspace.slug}-{stamp}.{file_format}"'
    return response
