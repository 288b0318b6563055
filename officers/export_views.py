"""Exports of the officer register as XLSX and PDF."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.spreadsheets import xlsx_bytes
from civac.tenancy.decorators import workspace_view
from officers.models import Appointment
from officers.selectors import register_rows


def _rows():
    return register_rows(Appointment.objects.select_related("officer", "role", "deputy").order_by("role__name_en"))


def _respond(request, *, data: bytes, fmt: str, content_type: str) -> HttpResponse:
    append_event(workspace_id=request.workspace.pk, action="export", object_type="officers.appointment",
                 object_repr=_("Officer register"), changes={"format": fmt, "sha256": sha256_hex(data)})
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="officer-register-{request.workspace.slug}-{stamp}.{fmt}"'
    return response


@workspace_view()
def register_xlsx(request):
    header = [_("Role"), _("Officer"), _("Deputy"), _("From"), _("Until"), _("Status"), _("Revoked at"),
              _("Reason for revocation"), _("In office today"), _("Qualification expires on"),
              _("Qualification evidence missing")]
    rows = []
    for row in _rows():
        appointment = row["appointment"]
        rows.append([appointment.role.name, appointment.officer.full_name,
                     appointment.deputy.full_name if appointment.deputy else "", appointment.starts_on,
                     appointment.ends_on, appointment.get_status_display(),
                     timezone.localtime(appointment.revoked_at).date() if appointment.revoked_at else None,
                     appointment.revocation_reason, _("yes") if row["in_office"] else _("no"),
                     row["qualification_expires_on"], _("yes") if row["evidence_missing"] else _("no")])
    data = xlsx_bytes(str(_("Officer register")), header, rows)
    return _respond(request, data=data, fmt="xlsx",
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@workspace_view()
def register_pdf(request):
    data = render_pdf("officers/register_pdf.html", {"workspace": request.workspace, "rows": _rows(),
                                                     "generated_at": timezone.now()},
                      language=request.LANGUAGE_CODE or request.workspace.default_language)
    return _respond(request, data=data, fmt="pdf", content_type="application/pdf")
