from django import template

from isms.views.evidence_panel import panel_context

register = template.Library()


@register.simple_tag(takes_context=True)
def evidence_panel_data(context, subject):
    """Build the panel's files, permissions and upload form for ``subject`` in the request's workspace."""
    return panel_context(context["request"], subject)


@register.filter
def filesize_mb(size: int) -> str:
    return f"{size / 1048576:.2f}"


@register.simple_tag
def evidence_card_data():
    from isms.models import EvidenceFile

    return {"active": EvidenceFile.objects.filter(withdrawn_at__isnull=True).count()}
