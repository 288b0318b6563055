"""Sections whose data other areas are still building; each shows "no data yet" until its provider replaces it.

To fill one, delete its stub here and register a provider under the same key.
"""

from django.utils.translation import gettext_lazy as _

from reporting.sections import SectionInput, register


def _no_data(section: SectionInput) -> dict:
    return {"no_data": True}


register("audits", _("Internal audits and findings"), order=70)(_no_data)
