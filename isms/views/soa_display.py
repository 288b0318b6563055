"""Readable labels for SoA row values, for the diff and approval pages."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from isms.models import SoAEntry

FIELD_LABELS = {
    "applicability": SoAEntry._meta.get_field("applicability").verbose_name,
    "inclusion_reason": SoAEntry._meta.get_field("inclusion_reason").verbose_name,
    "justification": SoAEntry._meta.get_field("justification").verbose_name,
    "status": SoAEntry._meta.get_field("status").verbose_name,
    "maturity": SoAEntry._meta.get_field("maturity").verbose_name,
    "owner": SoAEntry._meta.get_field("owner").verbose_name,
    "notes": SoAEntry._meta.get_field("notes").verbose_name,
}
_VALUE_LABELS = {
    "applicability": dict(SoAEntry.Applicability.choices),
    "status": dict(SoAEntry.Status.choices),
    "maturity": dict(SoAEntry.Maturity.choices),
}


def value_label(field: str, value) -> str:
    if value in (None, ""):
        return "–"
    return str(_VALUE_LABELS.get(field, {}).get(value, value))


def row_title(row: dict) -> str:
    return row["title_de"] if (get_language() or "de").startswith("de") else row["title_en"]


def decorate_changes(changes) -> list[dict]:
    """Turn ``RowChange`` objects into dicts with translated field names and value labels."""
    kinds = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    return [{
        "ref": change.ref, "kind": change.kind, "kind_label": kinds[change.kind], "title": row_title(change.row),
        "entry_id": change.row.get("entry_id") if change.kind != "removed" else None,
        "fields": [(str(FIELD_LABELS[name]), value_label(name, old), value_label(name, new))
                   for name, old, new in change.fields],
    } for change in changes]
