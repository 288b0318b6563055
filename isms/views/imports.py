"""Import pages: upload a file for a register, preview its rows with their errors, then import or discard them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.imports import ImportUploadForm
from isms.models import ImportBatch
from isms.services.imports import CONTENT_TYPES, import_confirm, import_discard, import_preview, template_file
from isms.services.imports.guide import column_guide
from isms.services.imports.registers import REGISTERS


def _to_preview(request, batch: ImportBatch):
    return redirect("isms:import_preview", workspace_slug=request.workspace.slug, batch_id=batch.pk)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def import_upload(request, kind):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_preview(actor=request.user, workspace=request.workspace, kind=kind,
                                   upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _to_preview(request, batch)
    open_batches = ImportBatch.objects.filter(kind=kind, status=ImportBatch.Status.PREVIEWED).select_related(
        "created_by")
    return render(request, "isms/imports/upload.html", {
        "form": form, "kind": kind, "kind_label": ImportBatch.Kind(kind).label, "register": REGISTERS[kind],
        "columns": column_guide(REGISTERS[kind], workspace=request.workspace),
        "open_batches": open_batches,
        "csv_url": reverse(f"isms:{kind}_import_template_csv", args=[request.workspace.slug]),
        "xlsx_url": reverse(f"isms:{kind}_import_template_xlsx", args=[request.workspace.slug]),
    }, status=400 if form.errors else 200)


@workspace_view("edit")
@require_http_methods(["GET"])
def import_template(request, kind, file_format):
    response = HttpResponse(template_file(kind, file_format), content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="civac-{kind}-import.{file_format}"'
    return response


@workspace_view("edit", objects={"batch_id": ImportBatch})
@require_http_methods(["GET"])
def import_preview_page(request, batch_id):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=batch_id)
    columns = REGISTERS[batch.kind].columns
    present = {key for row in batch.rows for key in row["values"]}
    present_columns = [column for column in columns if column.key in present]
    headers = {column.key: column.header() for column in columns}
    rows = [{
        "line": row["line"],
        "cells": [row["values"].get(column.key, "") for column in present_columns],
        "errors": [{"column": headers.get(error["column"], ""), "message": error["message"]}
                   for error in row["errors"]],
    } for row in batch.rows]
    return render(request, "isms/imports/preview.html", {
        "batch": batch, "columns": [column.header() for column in present_columns], "rows": rows,
        "can_import": batch.status == ImportBatch.Status.PREVIEWED and batch.error_count == 0,
    })


@workspace_view("edit", objects={"batch_id": ImportBatch})
@require_POST
def import_confirm_view(request, batch_id):
    try:
        outcome = import_confirm(actor=request.user, workspace=request.workspace, batch_id=batch_id)
    except ValidationError as error:
        # A record changed between the check and the write, so the transaction was rolled back.
        messages.error(request, _("Nothing was imported: %(error)s Upload the file again to check it.")
                       % {"error": " ".join(error.messages)})
        return redirect("isms:import_preview", workspace_slug=request.workspace.slug, batch_id=batch_id)
    batch = outcome.batch
    if outcome.created:
        messages.success(request, ngettext("%(count)d record imported.", "%(count)d records imported.",
                                           outcome.created) % {"count": outcome.created})
        return redirect(REGISTERS[batch.kind].list_url_name, workspace_slug=request.workspace.slug)
    if batch.status == ImportBatch.Status.PREVIEWED:
        messages.error(request, _("Nothing was imported because some rows have errors now. Correct the file and "
                                  "upload it again."))
    else:
        messages.info(request, _("This file was already imported or discarded, so nothing was imported again."))
    return _to_preview(request, batch)


@workspace_view("edit", objects={"batch_id": ImportBatch})
@require_POST
def import_discard_view(request, batch_id):
    batch = import_discard(actor=request.user, batch_id=batch_id)
    if batch.status == ImportBatch.Status.DISCARDED:
        messages.success(request, _("The preview of “%(name)s” was discarded.") % {"name": batch.file_name})
    else:
        messages.info(request, _("This file was already imported, so its preview cannot be discarded."))
    return redirect(f"isms:{batch.kind}_import", workspace_slug=request.workspace.slug)
