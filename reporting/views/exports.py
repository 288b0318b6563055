"""Exports for auditors: one page listing every table and format, and the download itself."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from civac.tenancy.decorators import workspace_view
from reporting.services.exports import EXISTING, FORMATS, KINDS, export_table


@workspace_view()
def export_index(request):
    links = [{"title": kind.title, "formats": [
        (file_format, reverse(EXISTING.get((key, file_format), f"reporting:export_{key}_{file_format}"),
                              args=[request.workspace.slug]))
        for file_format in FORMATS]} for key, kind in KINDS.items()]
    return render(request, "reporting/exports.html", {"kinds": links})


@workspace_view()
def export_download(request, kind, file_format):
    if kind not in KINDS or file_format not in FORMATS:
        raise Http404("unknown export")
    data = export_table(actor=request.user, workspace=request.workspace, kind=KINDS[kind], file_format=file_format)
    response = HttpResponse(data, content_type=FORMATS[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{request.workspace.slug}-{stamp}.{file_format}"'
    return response
