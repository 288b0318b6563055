"""Audit checklists built from clauses 4 to 10 and the Annex A controls of the catalogue."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import AuditChecklistItem, CatalogueControl, InternalAudit
from isms.services.audits.audits import ensure_planned

CLAUSES_FILE = Path(__file__).resolve().parents[2] / "data" / "iso27001_clauses.yaml"

# Controls sort after every clause: catalogue positions start at 0, clauses take
# their index in the data file, and this offset keeps the two ranges apart.
CONTROL_POSITION_OFFSET = 1000


@lru_cache(maxsize=1)
def clauses() -> tuple[dict, ...]:
    """Return the auditable clauses, the ones without sub-clauses, in the order of the standard."""
    entries = yaml.safe_load(CLAUSES_FILE.read_text(encoding="utf-8"))["clauses"]
    parents = {entry.get("parent") for entry in entries}
    return tuple({**entry, "position": index} for index, entry in enumerate(entries) if entry["id"] not in parents)


def clause_choices() -> list[tuple[str, str]]:
    german = (get_language() or "de").startswith("de")
    return [(entry["id"], f"{entry['id']} {entry['title_de'] if german else entry['title_en']}")
            for entry in clauses()]


def checklist_build(*, actor, audit: InternalAudit, clause_ids: list[str],
                    controls: list[CatalogueControl]) -> int:
    """Add the chosen clauses and controls to the checklist; returns how many items were new.

    Items already on the checklist keep their result and notes.
    """
    known = {entry["id"]: entry for entry in clauses()}
    unknown = sorted(set(clause_ids) - set(known))
    if unknown:
        raise field_error("clauses", _("Unknown clause: %(ids)s. Choose clauses from the list.")
                          % {"ids": ", ".join(unknown)}, "clause_unknown")
    if not clause_ids and not controls:
        raise field_error("clauses", _("Choose at least one clause or control for the checklist."),
                          "checklist_empty")
    requested = [(AuditChecklistItem.Kind.CLAUSE, known[ref]["id"], known[ref]["title_en"], known[ref]["title_de"],
               known[ref]["position"]) for ref in clause_ids]
    requested += [(AuditChecklistItem.Kind.CONTROL, control.ref, control.title_en, control.title_de,
                CONTROL_POSITION_OFFSET + control.position) for control in controls]
    with transaction.atomic(), workspace_context(audit.workspace):
        locked = InternalAudit.objects.select_for_update().get(pk=audit.pk)
        ensure_planned(locked)
        present = set(locked.checklist.values_list("kind", "ref"))
        added = 0
        for kind, ref, title_en, title_de, position in requested:
            if (kind, ref) in present:
                continue
            AuditChecklistItem.objects.create(workspace=locked.workspace, audit=locked, kind=kind, ref=ref,
                                              title_en=title_en, title_de=title_de, position=position)
            present.add((kind, ref))
            added += 1
        return added


def checklist_item_assess(*, actor, item: AuditChecklistItem, result: str, notes: str = "") -> AuditChecklistItem:
    if result not in AuditChecklistItem.Result.values:
        raise field_error("result", _("Choose a result from the list."), "result_invalid")
    with transaction.atomic(), workspace_context(item.workspace):
        ensure_planned(item.audit)
        if result == AuditChecklistItem.Result.FINDING and not item.findings.exists():
            raise field_error("result", _("Record the finding for this requirement; the result follows from it."),
                              "finding_missing")
        item.result = result
        item.notes = (notes or "").strip()
        item.save()
        return item
