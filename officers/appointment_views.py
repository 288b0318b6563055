"""Appointments and their certificates: create, issue, sign, download, end, revoke and issue again."""

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
from officers import services
from officers.forms import AppointmentForm, EndForm, ReissueForm, RevokeForm, SignForm
from officers.models import Appointment, AppointmentCertificate


def _appointment(appointment_id) -> Appointment:
    return get_object_or_404(Appointment.objects.select_related("officer", "deputy", "role"), pk=appointment_id)


def _to_appointment(request, appointment_id):
    return redirect("officers:appointment", workspace_slug=request.workspace.slug, appointment_id=appointment_id)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def appointment_new(request):
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_create(
                actor=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Appointment saved as draft."))
            return _to_appointment(request, appointment.pk)
    return render(request, "officers/appointment_form.html", {"form": form})


def _appointment_page(request, appointment, *, failed=None, status=200):
    """Render the appointment's page; a failed lifecycle form is shown again, open, with its input and errors."""
    certificates = list(appointment.certificates.select_related("signed_by"))
    current = certificates[0] if certificates else None
    sign_form = SignForm(initial={"confirmed_sha256": current.sha256}) if current else None
    forms = {"end_form": EndForm(), "revoke_form": RevokeForm(), "reissue_form": ReissueForm()}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(request, "officers/appointment_detail.html", {
        "appointment": appointment, "certificate": current, "earlier_certificates": certificates[1:],
        "sign_form": sign_form, "today": timezone.localdate(), "open_form": failed[0] if failed else "", **forms,
    }, status=status)


@workspace_view()
def appointment_detail(request, appointment_id):
    return _appointment_page(request, _appointment(appointment_id))


@transaction.non_atomic_requests
@workspace_view("edit", objects={"appointment_id": Appointment})
@require_POST
def certificate_issue(request, appointment_id):
    appointment = _appointment(appointment_id)
    try:
        services.certificate_issue(actor=request.user, appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate issued; management can now sign it."))
    return _to_appointment(request, appointment.pk)


@transaction.non_atomic_requests
@workspace_view("sign", objects={"certificate_id": AppointmentCertificate})
@require_POST
def certificate_sign(request, certificate_id):
    certificate = get_object_or_404(AppointmentCertificate.objects.select_related("appointment"), pk=certificate_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm that you have read the certificate and enter your password."))
    else:
        try:
            services.certificate_sign(actor=request.user, certificate=certificate,
                                      confirmed_sha256=form.cleaned_data["confirmed_sha256"],
                                      password=form.cleaned_data["password"], otp_code=form.cleaned_data["otp_code"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate signed. The appointment is active."))
    return _to_appointment(request, certificate.appointment_id)


@workspace_view()
def certificate_pdf(request, certificate_id):
    certificate = get_object_or_404(AppointmentCertificate, pk=certificate_id)
    signed = request.GET.get("signed") == "1"
    if signed and not certificate.is_signed:
        raise Http404("certificate not signed yet")
    stored = certificate.signed_file if signed else certificate.file
    suffix = "-signed" if signed else ""
    append_event(
        workspace_id=certificate.workspace_id, action="export", object_type="officers.appointmentcertificate",
        object_id=str(certificate.pk), object_repr=str(certificate),
        changes={"file": stored.name, "sha256": certificate.signed_sha256 if signed else certificate.sha256},
    )
    return FileResponse(stored.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"certificate-{certificate.verification_code}{suffix}.pdf")


def _lifecycle(request, appointment_id, form_class, action, form_name):
    appointment = _appointment(appointment_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = action(appointment, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _to_appointment(request, result.pk)
    return _appointment_page(request, _appointment(appointment_id), failed=(form_name, form), status=400)


@workspace_view("edit", objects={"appointment_id": Appointment})
@require_POST
def appointment_end(request, appointment_id):
    def end(appointment, data):
        result = services.appointment_end(actor=request.user, appointment=appointment, ends_on=data["ends_on"])
        messages.success(request, _("Appointment ended."))
        return result
    return _lifecycle(request, appointment_id, EndForm, end, "end_form")


@workspace_view("edit", objects={"appointment_id": Appointment})
@require_POST
def appointment_revoke(request, appointment_id):
    def revoke(appointment, data):
        result = services.appointment_revoke(actor=request.user, appointment=appointment, reason=data["reason"])
        messages.success(request, _("Appointment revoked; the verification page now shows the certificate as revoked."))
        return result
    return _lifecycle(request, appointment_id, RevokeForm, revoke, "revoke_form")


@workspace_view("edit", objects={"appointment_id": Appointment})
@require_POST
def appointment_reissue(request, appointment_id):
    def reissue(appointment, data):
        result = services.appointment_reissue(actor=request.user, appointment=appointment,
                                              starts_on=data["starts_on"])
        messages.success(request, _("New draft appointment created; the earlier one stays on record."))
        return result
    return _lifecycle(request, appointment_id, ReissueForm, reissue, "reissue_form")
