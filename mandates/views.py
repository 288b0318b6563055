"""Mandate pages in a client workspace: list, draft, sign, end, handover and time entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from mandates import services
from mandates.forms import MandateEndForm, MandateForm, MandateSignForm, TimeEntryForm
from mandates.models import Mandate
from mandates.selectors import hours_by_month
from mandates.services.time_entries import time_entry_add


def _mandate(mandate_id) -> Mandate:
    return get_object_or_404(Mandate.objects.select_related(
        "partner", "workspace", "appointment__officer", "appointment__deputy", "appointment__role", "signed_by"),
        pk=mandate_id)


def _to_detail(request, mandate_id):
    return redirect("mandates:detail", workspace_slug=request.workspace.slug, mandate_id=mandate_id)


@workspace_view()
def mandate_list(request):
    mandates = Mandate.objects.select_related("partner").order_by("-starts_on")[:200]
    return render(request, "mandates/list.html", {"mandates": mandates})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def mandate_new(request):
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate = services.mandate_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Mandate saved as draft; management can now sign it."))
            return _to_detail(request, mandate.pk)
    return render(request, "mandates/form.html", {"form": form})


@workspace_view("edit", objects={"mandate_id": Mandate})
@require_http_methods(["GET", "POST"])
def mandate_edit(request, mandate_id):
    mandate = _mandate(mandate_id)
    form = MandateForm(request.POST or None, instance=mandate)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.mandate_update(actor=request.user, mandate=_mandate(mandate_id), values=values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _to_detail(request, mandate_id)
    return render(request, "mandates/form.html", {"form": form, "mandate": mandate})


def _detail_page(request, mandate, *, sign_form=None, end_form=None, time_form=None, status=200):
    grade = services.mandate_grade(mandate)
    return render(request, "mandates/detail.html", {
        "mandate": mandate, "grade": grade,
        "sign_form": sign_form or MandateSignForm(initial={"confirmed_sha256": services.terms_sha256(mandate)}),
        "end_form": end_form or MandateEndForm(initial={"ends_on": timezone.localdate()}),
        "time_form": time_form or TimeEntryForm(initial={"worked_on": timezone.localdate()}),
        "months": hours_by_month(mandate), "entries": mandate.time_entries.select_related("user")[:50],
    }, status=status)


@workspace_view()
def mandate_detail(request, mandate_id):
    return _detail_page(request, _mandate(mandate_id))


@transaction.non_atomic_requests
@workspace_view("sign", objects={"mandate_id": Mandate})
@require_POST
def mandate_sign(request, mandate_id):
    mandate = _mandate(mandate_id)
    form = MandateSignForm(request.POST)
    if form.is_valid():
        try:
            services.mandate_sign(actor=request.user, mandate=mandate, **{
                name: form.cleaned_data[name] for name in ("confirmed_sha256", "password", "otp_code")})
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Mandate signed."))
            return _to_detail(request, mandate_id)
    return _detail_page(request, _mandate(mandate_id), sign_form=form, status=400)


@workspace_view("edit", objects={"mandate_id": Mandate})
@require_POST
def mandate_end(request, mandate_id):
    form = MandateEndForm(request.POST)
    if form.is_valid():
        try:
            mandate = services.mandate_end(actor=request.user, mandate=_mandate(mandate_id),
                                           ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if mandate.status == mandate.Status.ENDED:
                messages.success(request, _("Mandate ended; the partner's staff no longer reach this workspace."))
            else:
                messages.success(request, _("The mandate ends after %(day)s; until then the partner's staff keep "
                                            "their access.") % {"day": mandate.ends_on.isoformat()})
            return _to_detail(request, mandate_id)
    return _detail_page(request, _mandate(mandate_id), end_form=form, status=400)


@transaction.non_atomic_requests
@workspace_view("edit", objects={"mandate_id": Mandate})
@require_POST
def mandate_handover(request, mandate_id):
    try:
        services.mandate_handover(actor=request.user, mandate=_mandate(mandate_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Handover archive created; the mandate has ended."))
    return _to_detail(request, mandate_id)


@workspace_view(objects={"mandate_id": Mandate})
def handover_download(request, mandate_id):
    mandate = _mandate(mandate_id)
    if not mandate.handover_archive:
        raise Http404("no handover archive yet")
    append_event(workspace_id=mandate.workspace_id, action="download", object_type="mandates.mandate",
                 object_id=str(mandate.pk), object_repr=str(mandate),
                 changes={"file": mandate.handover_archive.name, "sha256": mandate.handover_sha256})
    return FileResponse(mandate.handover_archive.open("rb"), content_type="application/zip", as_attachment=True,
                        filename=f"handover-{mandate.workspace.slug}.zip")


@workspace_view("edit", objects={"mandate_id": Mandate})
@require_POST
def time_entry_new(request, mandate_id):
    mandate = _mandate(mandate_id)
    form = TimeEntryForm(request.POST)
    if form.is_valid():
        try:
            time_entry_add(actor=request.user, mandate=mandate, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _to_detail(request, mandate_id)
    return _detail_page(request, mandate, time_form=form, status=400)
