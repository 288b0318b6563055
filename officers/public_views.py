"""The public verification page for appointment certificates; no sign-in needed."""

import re

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.documents import sha256_hex
from civac.ratelimit import over_limit
from civac.signing import validate_pdf
from officers.forms import VerifyUploadForm
from officers.models import Appointment, AppointmentCertificate

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


CODE_PATTERN = re.compile(r"([A-Z0-9]{5})[\s-]?([A-Z0-9]{5})[\s-]?([A-Z0-9]{5})")


def normalize_code(raw: str) -> str:
    """Find the code in what was typed or pasted: with or without dashes, in lower case, inside a line or URL."""
    text = raw.upper()
    match = CODE_PATTERN.search(text.rsplit("/VERIFY/", 1)[-1]) or CODE_PATTERN.search(text)
    if match:
        return "-".join(match.groups())
    characters = "".join(character for character in text if character.isalnum())[:15]
    return "-".join(characters[i:i + 5] for i in range(0, len(characters), 5))


def certificate_state(certificate: AppointmentCertificate) -> str:
    appointment = certificate.appointment
    today = timezone.localdate()
    if appointment.status == Appointment.Status.REVOKED:
        return "revoked"
    if appointment.ends_on and appointment.ends_on < today or appointment.status == Appointment.Status.ENDED:
        return "expired"
    if appointment.starts_on > today:
        return "not_yet_valid"
    return "valid"


def verify_form(request):
    raw = request.GET.get("code", "")
    code = normalize_code(raw)
    if code:
        return redirect("verify_certificate_code", code=code)
    return render(request, "officers/verify.html", {"code": "", "certificate": None, "missing_code": "code" in request.GET})


@require_http_methods(["GET", "POST"])
def verify_code(request, code: str):
    if over_limit(request, scope="verify", limit=settings.VERIFY_RATE_LIMIT_PER_MINUTE, window_seconds=60):
        response = render(request, "officers/verify.html", {"code": code, "rate_limited": True}, status=429)
        response["Retry-After"] = "60"
        return response
    code = normalize_code(code)
    certificate = (
        AppointmentCertificate.all_workspaces.select_related("appointment__officer", "appointment__role", "workspace")
        .filter(verification_code=code, signed_at__isnull=False).first()
    )
    context = {"code": code, "certificate": certificate, "upload_form": VerifyUploadForm(),
               "state": certificate_state(certificate) if certificate else None}
    if request.method == "POST" and certificate is not None:
        context |= _compare_upload(request, certificate)
    return render(request, "officers/verify.html", context)


def _compare_upload(request, certificate) -> dict:
    form = VerifyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return {"upload_form": form}
    document = form.cleaned_data["document"]
    if document.size > MAX_UPLOAD_BYTES:
        form.add_error("document", _("The file is larger than 10 MB; a certificate is much smaller."))
        return {"upload_form": form}
    data = document.read()
    if not data.startswith(b"%PDF-"):
        form.add_error("document", _("This file is not a PDF."))
        return {"upload_form": form}
    digest = sha256_hex(data)
    seal = validate_pdf(data)
    return {"upload_form": form, "upload_checked": True, "upload_sha256": digest,
            "upload_matches": digest == certificate.signed_sha256, "upload_seal_valid": seal.valid}
