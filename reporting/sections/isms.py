from django.utils.translation import gettext_lazy as _

from isms.models import SoAEntry
from isms.services.soa import gap_summary
from isms.services.soa.gap import BUCKETS
from reporting.sections import SectionInput, register


@register("isms", _("ISMS and Statement of Applicability"), order=10)
def isms_progress(section: SectionInput) -> dict:
    """Count the SoA's controls per implementation state, as the gap analysis does."""
    summary = gap_summary()
    counts = {bucket: summary.overall.counts.get(bucket, 0) for bucket in BUCKETS}
    if not SoAEntry.objects.exists():
        section.missing.append(str(_("The Statement of Applicability has not been started.")))
    previous = section.previous_figures.get("isms", {})
    return {
        "counts": counts,
        "total": summary.overall.total,
        "implemented_share": summary.overall.implemented_share,
        "previous_implemented_share": previous.get("implemented_share"),
        "unjustified": len(summary.unjustified),
        "themes": [{"label": group.label, "implemented_share": group.implemented_share, "total": group.total}
                   for group in summary.themes],
    }
