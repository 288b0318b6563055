"""The SoA as plain rows: what approval freezes, what the diff compares and what the PDF shows.

A row contains both English and German titles, so an approved version can be
shown in either language later without the catalogue of that day.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from isms.models import CatalogueControl, OwnControlArea, SoAEntry

ROW_FIELDS = ["applicability", "inclusion_reason", "justification", "status", "maturity", "owner", "notes"]


def entries_for_rows():
    """SoA entries in catalogue order, own controls last, with everything a row needs in five queries."""
    return (
        SoAEntry.objects.select_related("catalogue_control", "own_control", "owner")
        .prefetch_related(
            "catalogue_control__measure_areas",
            Prefetch("own_control__area_links", queryset=OwnControlArea.objects.select_related("area")),
        )
        .order_by(F("catalogue_control__position").asc(nulls_last=True), "own_control__ref")
    )


def _row(entry: SoAEntry) -> dict:
    if entry.catalogue_control is not None:
        control = entry.catalogue_control
        source, title_en, title_de = "annex_a", control.title_en, control.title_de
        areas = sorted(area.number for area in control.measure_areas.all())
    else:
        control = entry.own_control
        source, title_en, title_de = "own", control.title, control.title
        areas = sorted(link.area.number for link in control.area_links.all())
    return {
        "entry_id": str(entry.pk), "ref": control.ref, "source": source, "title_en": title_en,
        "title_de": title_de, "theme": control.theme, "measure_areas": areas,
        "applicability": entry.applicability, "inclusion_reason": entry.inclusion_reason,
        "justification": entry.justification, "status": entry.status, "maturity": entry.maturity,
        "owner": entry.owner.email if entry.owner_id else "", "notes": entry.notes,
    }


def rows_digest(rows: list[dict]) -> str:
    canonical = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def soa_snapshot() -> tuple[list[dict], str]:
    """Return the active workspace's SoA entries as rows, and the SHA-256 of their canonical JSON."""
    rows = [_row(entry) for entry in entries_for_rows()]
    # NULLs sort last on PostgreSQL but first on SQLite; sort here so the digest does not depend on the database.
    rows.sort(key=lambda row: (row["source"] != "annex_a", ref_sort_key(row["ref"])))
    return rows, rows_digest(rows)


def ref_sort_key(ref: str) -> tuple:
    """Sort key that puts A.5.9 before A.5.10: numeric parts compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.upper()) for part in ref.split("."))


def approval_problems(rows: list[dict]) -> list[str]:
    """List, in the user's language, what keeps these rows from being approved; empty when nothing does."""
    problems = []
    present = {row["ref"] for row in rows if row["source"] == "annex_a"}
    missing = CatalogueControl.objects.filter(is_current=True).exclude(ref__in=present).count()
    if missing:
        problems.append(_("%(count)d Annex A controls are not in the SoA yet; add them on the SoA page.")
                        % {"count": missing})
    undecided = [row["ref"] for row in rows if row["applicability"] == SoAEntry.Applicability.UNDECIDED]
    if undecided:
        problems.append(_("Decide whether these controls are applicable: %(refs)s.") % {"refs": _refs(undecided)})
    unjustified = [row["ref"] for row in rows
                   if row["applicability"] == SoAEntry.Applicability.NOT_APPLICABLE
                   and not row["justification"].strip()]
    if unjustified:
        problems.append(_("Justify the exclusion of these controls: %(refs)s.") % {"refs": _refs(unjustified)})
    return problems


def _refs(refs: list[str], limit: int = 10) -> str:
    shown = ", ".join(refs[:limit])
    if len(refs) > limit:
        shown += " " + _("and %(count)d more") % {"count": len(refs) - limit}
    return shown
