"""Officer register, appointments and appointment certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.audit.recorder import append_event
from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from officers import services
from officers.forms import AppointmentForm, OfficerForm, SignForm
from officers.models import Appointment, AppointmentCertificate, Officer


def _appointment(appointment_id) -> Appointment:
    return get_object_or_404(Appointment.objects.select_related("officer", "deputy", "role"), pk=appointment_id)


@workspace_view()
def register(request):
    context = {
        "officers": Officer.objects.all(),
        "appointments": Appointment.objects.select_related("officer", "role", "deputy"),
    }
    return render(request, "officers/register.html", context)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def officer_new(request):
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Officer added."))
            return redirect("officers:register", workspace_slug=request.workspace.slug)
    return render(request, "officers/officer_form.html", {"form": form})


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
            return redirect("officers:appointment", workspace_slug=request.workspace.slug,
                            appointment_id=appointment.pk)
    return render(request, "officers/appointment_form.html", {"form": form})


@workspace_view()
def appointment_detail(request, appointment_id):
    appointment = _appointment(appointment_id)
    certificate = appointment.certificates.first()
    sign_form = SignForm(initial={"confirmed_sha256": certificate.sha256}) if certificate else None
    return render(request, "officers/appointment_detail.html",
                  {"appointment": appointment, "certificate": certificate, "sign_form": sign_form})


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
    return redirect("officers:appointment", workspace_slug=request.workspace.slug, appointment_id=appointment.pk)


@transaction.non_atomic_requests
@workspace_view("sign", objects={"certificate_id": AppointmentCertificate})
@require_POST
def certificate_sign(request, certificate_id):
    certificate = get_object_or_404(AppointmentCertificate.objects.select_related("appointment"), pk=certificate_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm that you have read the certificate before signing."))
    else:
        try:
            services.certificate_sign(actor=request.user, certificate=certificate,
                                      confirmed_sha256=form.cleaned_data["confirmed_sha256"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Certificate signed. The appointment is active."))
    return redirect("officers:appointment", workspace_slug=request.workspace.slug,
                    appointment_id=certificate.appointment_id)


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


def verify_certificate(request):
    """Public check of a verification code printed on a certificate."""
    raw = "".join(character for character in request.GET.get("code", "").upper() if character.isalnum())
    code = "-".join(raw[i:i + 5] for i in range(0, len(raw), 5))
    certificate = None
    if code:
        certificate = (
            AppointmentCertificate.all_workspaces.select_related("appointment__officer", "appointment__role",
                                                                  "workspace")
            .filter(verification_code=code, signed_at__isnull=False).first()
        )
    return render(request, "officers/verify.html", {"code": code, "certificate": certificate})
