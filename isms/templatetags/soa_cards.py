"""Figures for the controls and SoA cards on the ISMS overview, read in the active workspace."""

from django import template

from isms.models import CatalogueControl, OwnControl, SoAVersion
from isms.services.soa.gap import gap_summary

register = template.Library()


@register.simple_tag
def soa_card_figures() -> dict:
    """Return the latest approved version (or None) and the gap summary."""
    return {
        "latest": SoAVersion.objects.select_related("approved_by").defer("rows").order_by("-number").first(),
        "gap": gap_summary(),
    }


@register.simple_tag
def controls_card_figures() -> dict:
    """Return the number of current Annex A controls and of the workspace's own controls."""
    return {"catalogue_count": CatalogueControl.objects.filter(is_current=True).count(),
            "own_count": OwnControl.objects.count()}
