"""Mandate writes; views and other apps import them from here."""

from mandates.services.handover import mandate_handover  # noqa: F401
from mandates.services.lifecycle import (  # noqa: F401
    mandate_create,
    mandate_end,
    mandate_grade,
    mandate_sign,
    mandate_update,
    mandates_activate_due,
    mandates_end_due,
    terms_sha256,
)
