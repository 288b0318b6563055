"""The template context of the quarterly report's PDF, built from the figures stored on the report."""

from django.utils.translation import gettext as _

from reporting.charts import heat_map_svg, trend_svg
from reporting.sections import providers



def document_context(report) -> dict:
    """Build the context; call inside ``translation.override(report.language)`` (``render_pdf`` does)."""
    figures = report.figures
    sections = [{"key": provider.key, "title": provider.title, "template": provider.template_name,
                 "data": figures.get(provider.key, {"no_data": True})} for provider in providers()]
    return {"report": report, "workspace": report.workspace, "sections": sections, "figures": figures,
            "missing": report.missing, "charts": _Charts(figures)}


class _Charts:
    """Charts drawn lazily while the template renders, so they are translated into the report's language."""

    def __init__(self, figures: dict):
        self.figures = figures

    def residual_heat_map(self):
        return heat_map_svg(self.figures.get("risks", {}).get("heat_map", []), basis="residual",
                            likelihood_title=_("Likelihood"), impact_title=_("Impact"))

    def inherent_heat_map(self):
        return heat_map_svg(self.figures.get("risks", {}).get("heat_map", []), basis="inherent",
                            likelihood_title=_("Likelihood"), impact_title=_("Impact"))

    def trend(self):
        return trend_svg(self.figures.get("trend", []), series=[
            ("risks", _("Risks"), "#1565c0"), ("high", _("High and critical risks"), "#c62828"),
            ("implemented_share", _("Controls implemented (%)"), "#2e7d32")])
