from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from civac.audit.models import AuditEvent
from isms.models import Band, Risk
from isms.services.risks.methodology import methodology_for
from isms.services.risks.queries import heat_map, overview_counts, treatment_plan
from reporting.sections import SectionInput, register

TREATMENT_ROWS = 15


@register("risks", _("Risks and changes since the last quarter"), order=20)
def risk_overview(section: SectionInput) -> dict:
    """Summarise the risk register at compile time and what changed in the quarter.

    Changes are counted from the audit log, so risks edited and deleted within
    the quarter count too.
    """
    methodology = methodology_for(section.workspace)
    counts = overview_counts(methodology)
    if not counts["total"]:
        section.missing.append(str(_("No risks have been assessed yet.")))
    changes = dict(
        AuditEvent.objects.filter(workspace_id=section.workspace.pk, object_type="isms.risk",
                                  occurred_at__gte=section.period_start, occurred_at__lt=section.period_end)
        .values_list("action").annotate(count=Count("pk")).order_by()
    )
    previous = section.previous_figures.get("risks", {})
    return {
        "total": counts["total"],
        "previous_total": previous.get("total"),
        "by_band": {str(band.value): count for band, count in counts["by_band"]},
        "band_labels": {band.value: str(band.label) for band in Band},
        "above_acceptance": counts["above_acceptance"],
        "awaiting_acceptance": counts["awaiting_acceptance"],
        "treatments_overdue": counts["treatments_overdue"],
        "created": changes.get("create", 0),
        "updated": changes.get("update", 0),
        "deleted": changes.get("delete", 0),
        "new_in_quarter": Risk.objects.filter(created_at__gte=section.period_start,
                                              created_at__lt=section.period_end).count(),
        "heat_map": _heat_map_rows(methodology),
        "treatments": [
            {"title": risk.title, "owner": _person(risk.treatment_owner or risk.owner),
             "due_on": risk.treatment_due_on.isoformat() if risk.treatment_due_on else None,
             "status": str(risk.get_status_display())}
            for risk in treatment_plan()[:TREATMENT_ROWS]
        ],
    }


def _heat_map_rows(methodology) -> list[dict]:
    rows = heat_map(methodology, "residual")
    inherent = heat_map(methodology, "inherent")
    return [
        {"level": row["level"], "label": row["label"],
         "cells": [{"impact": cell["impact"], "band": str(cell["band"]), "residual": cell["count"],
                    "inherent": inherent_cell["count"]}
                   for cell, inherent_cell in zip(row["cells"], inherent_row["cells"])]}
        for row, inherent_row in zip(rows, inherent)
    ]


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email
