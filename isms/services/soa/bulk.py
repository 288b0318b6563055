"""Assess many SoA entries at once, for example every control of a theme the officer has reviewed together."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from isms.models import SoAEntry
from isms.services.soa.entries import soa_entry_update

MAX_BULK_ENTRIES = 500


def soa_entries_bulk_update(*, actor, entries, applicability: str, status: str, inclusion_reason: str = "",
                            justification: str = "") -> int:
    """Set applicability, status and the reason on every entry in ``entries``; all or none are saved.

    Maturity, owner and notes of each entry stay as they are, because they
    differ per control. Each entry is saved through ``soa_entry_update``, so the
    same checks apply and every entry gets its own audit event.
    """
    entries = list(entries)
    if not entries:
        raise field_error("entries", _("Select at least one control."), "soa_bulk_empty")
    if len(entries) > MAX_BULK_ENTRIES:
        raise field_error("entries", _("Select at most %(limit)d controls at once.") % {"limit": MAX_BULK_ENTRIES},
                          "soa_bulk_too_many")
    with transaction.atomic():
        for entry in entries:
            soa_entry_update(actor=actor, entry=entry, applicability=applicability, status=status,
                             inclusion_reason=inclusion_reason or entry.inclusion_reason,
                             justification=justification or entry.justification, maturity=entry.maturity,
                             owner=entry.owner, notes=entry.notes)
    return len(entries)


def entries_by_ids(ids) -> list[SoAEntry]:
    """Return the active workspace's entries among ``ids``; unknown or foreign ids are dropped."""
    return list(SoAEntry.objects.filter(pk__in=ids).select_related("owner"))
