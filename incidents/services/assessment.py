from __future__ import annotations

from django.db import transaction

from incidents.models import Incident, SignificanceAssessment
from incidents.services.incident import incident_update_facts
from incidents.significance import assess


def significance_assess(*, actor, incident: Incident, answers: dict, notes: str = "") -> SignificanceAssessment:
    """Record the assessment and set the incident's significance from it.

    A significant result starts the NIS-2 clocks at the original awareness time;
    a later "not significant" leaves clocks that already run in place.
    """
    workspace = incident.workspace
    significant, reasons = assess(answers, entity_type=workspace.digital_entity_type,
                                  turnover_eur=workspace.annual_turnover_eur)
    with transaction.atomic():
        assessment = SignificanceAssessment.objects.create(
            workspace=workspace, incident=incident, assessed_by=actor, entity_type=workspace.digital_entity_type,
            answers=answers, significant=significant, reasons=reasons, notes=notes.strip(),
        )
        incident_update_facts(actor=actor, incident=incident, significant=significant)
    return assessment
