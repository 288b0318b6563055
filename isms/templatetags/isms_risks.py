"""Band labels for risk templates and the figures of the assets and risks cards on the ISMS overview."""

from django import template

from civac.tenancy.context import require_active_workspace
from isms.models import Asset, Band
from isms.services.risks import methodology_for
from isms.services.risks.queries import overview_counts

register = template.Library()


@register.filter
def band_label(band: str | None) -> str:
    return str(Band(band).label) if band else "–"


@register.simple_tag
def risk_overview() -> dict:
    """Return the overview card's figures for the active workspace; the caller's view binds it."""
    workspace = require_active_workspace()
    methodology = methodology_for(workspace)
    return {"methodology": methodology, **overview_counts(methodology)}


@register.simple_tag
def asset_count() -> int:
    return Asset.objects.count()


@register.filter
def person(user) -> str:
    """Return the user's full name, else the e-mail address, else a dash."""
    if user is None:
        return "–"
    return user.get_full_name() or user.email
