"""The risk treatment plan as XLSX and PDF; each export is audited with the file's SHA-256."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.spreadsheets import xlsx_bytes
from isms.models import RiskMethodology
from isms.services.risks.queries import treatment_plan


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def treatment_plan_rows(methodology: RiskMethodology) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for risk in treatment_plan():
        residual_band = methodology.band_for(risk.residual_score)
        rows.append({
            "risk": risk,
            "inherent_band": methodology.band_for(risk.inherent_score),
            "residual_band": residual_band,
            "overdue": risk.treatment_due_on is not None and risk.treatment_due_on < today,
        })
    return rows


def _audit_export(*, actor, workspace, data: bytes, file_format: str, count: int) -> None:
    append_event(workspace_id=workspace.pk, action="export", object_type="isms.risk",
                 object_repr="risk treatment plan", actor=actor,
                 changes={"format": file_format, "risks": count, "sha256": sha256_hex(data)})


def treatment_plan_xlsx(*, actor, workspace, methodology: RiskMethodology) -> bytes:
    rows = treatment_plan_rows(methodology)
    header = [_("Risk"), _("Treatment option"), _("Treatment"), _("Treatment owner"), _("Risk owner"),
              _("Due on"), _("Status"), _("Inherent score"), _("Residual score"), _("Residual band")]
    table = []
    for row in rows:
        risk = row["risk"]
        table.append([risk.title, risk.get_treatment_option_display(), risk.treatment_description,
                      _person(risk.treatment_owner), _person(risk.owner), risk.treatment_due_on,
                      risk.get_status_display(), risk.inherent_score, risk.residual_score,
                      str(row["residual_band"].label) if row["residual_band"] else ""])
    data = xlsx_bytes(_("Risk treatment plan"), header, table)
    _audit_export(actor=actor, workspace=workspace, data=data, file_format="xlsx", count=len(rows))
    return data


def treatment_plan_pdf(*, actor, workspace, methodology: RiskMethodology) -> bytes:
    """Render the plan in the workspace's language and time zone; slow, so call it outside a transaction."""
    rows = treatment_plan_rows(methodology)
    data = render_pdf("isms/risks/treatment_plan_pdf.html",
                      {"workspace": workspace, "rows": rows, "generated_at": timezone.now()},
                      language=workspace.default_language)
    _audit_export(actor=actor, workspace=workspace, data=data, file_format="pdf", count=len(rows))
    return data
