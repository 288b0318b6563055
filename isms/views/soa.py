"""Pages of the Statement of Applicability: list, entry, approval, versions, diff and gap analysis."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.soa import ApproveForm, SoABulkForm, SoAEntryForm, SoAFilterForm
from isms.models import CatalogueControl, SoAEntry, SoAVersion
from isms.services import soa as services
from isms.services.soa import bulk
from isms.services.soa.gap import BUCKET_LABELS, BUCKETS
from isms.services.soa.queries import filter_entries, soa_list_queryset
from isms.views.soa_display import decorate_changes

PAGE_SIZE = 25


def _to_list(request, query: str = ""):
    url = reverse("isms:soa_list", args=[request.workspace.slug])
    # Parsed and encoded again, so whatever was posted can only become query parameters of this page.
    query = QueryDict(query).urlencode()
    return redirect(f"{url}?{query}" if query else url)


@workspace_view()
def soa_list(request):
    form = SoAFilterForm(request.GET or None)
    filters = {name: value for name, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    entries = filter_entries(soa_list_queryset(), **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    missing = CatalogueControl.objects.filter(is_current=True).exclude(
        pk__in=SoAEntry.objects.filter(catalogue_control__isnull=False).values("catalogue_control_id")).count()
    return render(request, "isms/soa/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "missing": missing,
        "bulk_form": SoABulkForm(entry_ids=[entry.pk for entry in page]),
        "latest": SoAVersion.objects.select_related("approved_by").order_by("-number").first(),
    }, status=400 if form.errors else 200)


@workspace_view("edit")
@require_POST
def soa_bulk(request):
    """Assess the ticked entries of the list page in one step; nothing is saved if one of them fails."""
    entries = bulk.entries_by_ids(_valid_uuids(request.POST.getlist("entries")))
    form = SoABulkForm(request.POST, entry_ids=[entry.pk for entry in entries])
    if not form.is_valid():
        messages.error(request, " ".join(f"{form.fields[name].label}: {' '.join(errors)}"
                                         for name, errors in form.errors.items()))
        return _to_list(request, request.POST.get("next_query", ""))
    values = {name: form.cleaned_data[name] for name in ("applicability", "status", "inclusion_reason",
                                                         "justification")}
    try:
        count = services.soa_entries_bulk_update(actor=request.user, entries=entries, **values)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ngettext("%(count)d entry saved.", "%(count)d entries saved.", count)
                         % {"count": count})
    return _to_list(request, request.POST.get("next_query", ""))


def _valid_uuids(values) -> list[uuid.UUID]:
    result = []
    for value in values:
        try:
            result.append(uuid.UUID(value))
        except ValueError:
            continue
    return result


@workspace_view("edit")
@require_POST
def soa_start(request):
    created = services.soa_add_catalogue_controls(actor=request.user, workspace=request.workspace)
    messages.success(request, _("%(count)d controls added to the Statement of Applicability.") % {"count": created})
    return _to_list(request)


def _entry_initial(entry: SoAEntry) -> dict:
    return {"applicability": entry.applicability, "inclusion_reason": entry.inclusion_reason,
            "justification": entry.justification, "status": entry.status, "maturity": entry.maturity,
            "owner": entry.owner, "notes": entry.notes}


@workspace_view(objects={"entry_id": SoAEntry})
@require_http_methods(["GET", "POST"])
def soa_entry(request, entry_id):
    entry = get_object_or_404(soa_list_queryset(), pk=entry_id)
    if request.method == "POST" and not request.workspace_access.can_edit:
        raise PermissionDenied
    form = SoAEntryForm(request.POST or None, initial=_entry_initial(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.soa_entry_update(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Entry for %(ref)s saved.") % {"ref": entry.ref})
            return _to_list(request)
    return render(request, "isms/soa/entry.html", {"entry": entry, "form": form},
                  status=400 if form.errors else 200)


def _approve_page(request, form, *, status=200):
    rows, digest = services.soa_snapshot()
    latest = SoAVersion.objects.order_by("-number").first()
    changes = services.soa_diff(base_rows=latest.rows if latest else [], rows=rows)
    if form is None:
        form = ApproveForm(initial={"confirmed_digest": digest})
    return render(request, "isms/soa/approve.html", {
        "form": form, "problems": services.approval_problems(rows), "latest": latest,
        "already_approved": latest is not None and latest.digest == digest,
        "changes": decorate_changes(changes), "entry_count": len(rows), "digest": digest,
    }, status=status)


@transaction.non_atomic_requests
@workspace_view("sign")
@require_http_methods(["GET", "POST"])
def soa_approve(request):
    if request.method == "GET":
        return _approve_page(request, None)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            version = services.soa_approve(
                actor=request.user, workspace=request.workspace,
                confirmed_digest=form.cleaned_data["confirmed_digest"], password=form.cleaned_data["password"],
                otp_code=form.cleaned_data["otp_code"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Statement of Applicability approved as version %(number)d.")
                             % {"number": version.number})
            return redirect("isms:soa_versions", workspace_slug=request.workspace.slug)
    return _approve_page(request, form, status=400)


@workspace_view()
def soa_versions(request):
    versions = SoAVersion.objects.select_related("approved_by").defer("rows")
    return render(request, "isms/soa/versions.html", {"versions": versions})


@workspace_view(objects={"version_id": SoAVersion})
def soa_version_pdf(request, version_id):
    version = get_object_or_404(SoAVersion.objects.defer("rows"), pk=version_id)
    append_event(
        workspace_id=version.workspace_id, action="download", object_type="isms.soaversion",
        object_id=str(version.pk), object_repr=str(version),
        changes={"file": version.file.name, "sha256": version.sha256},
    )
    return FileResponse(version.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"soa-v{version.number}.pdf")


@workspace_view()
def soa_diff(request):
    rows, _digest = services.soa_snapshot()
    latest = SoAVersion.objects.select_related("approved_by").order_by("-number").first()
    changes = services.soa_diff(base_rows=latest.rows, rows=rows) if latest else []
    return render(request, "isms/soa/diff.html", {"latest": latest, "changes": decorate_changes(changes)})


@workspace_view()
def soa_gap(request):
    legend = [(bucket, BUCKET_LABELS[bucket]) for bucket in BUCKETS]
    return render(request, "isms/soa/gap.html", {"gap": services.gap_summary(), "legend": legend})
