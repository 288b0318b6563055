"""Mandate lifecycle writes; each one audited through the mandate row itself."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from mandates.models import Mandate


def mandate_end(*, actor, mandate: Mandate, ends_on: date | None = None) -> Mandate:
    """End the mandate; the partner's staff lose access to the workspace with their next request.

    Access is resolved on every request from the active mandates, so no
    session of the partner's staff keeps working for this workspace, while
    their sessions for other clients stay valid.
    """
    if mandate.status == Mandate.Status.ENDED:
        raise field_error("status", _("This mandate has already ended."), "mandate_already_ended")
    ends_on = ends_on or timezone.localdate()
    if ends_on < mandate.starts_on:
        raise field_error("ends_on", _("The end date lies before the start of the mandate (%(start)s); choose a "
                                       "later date.") % {"start": mandate.starts_on.isoformat()}, "end_before_start")
    with transaction.atomic():
        mandate.status = Mandate.Status.ENDED
        mandate.ends_on = ends_on
        mandate.save()
    return mandate
