from django import template

from isms.markdown import render_markdown

register = template.Library()


@register.filter
def policy_markdown(text: str):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def policies_card_data(context):
    """Count approved, draft and review-overdue policies and the user's open read confirmations."""
    from django.utils import timezone

    from isms.models import Policy, PolicyVersion
    from isms.services.policies import open_confirmations_for

    request = context["request"]
    versions = PolicyVersion.objects.all()
    return {
        "approved": versions.filter(status=PolicyVersion.Status.APPROVED).count(),
        "draft": versions.filter(status=PolicyVersion.Status.DRAFT).count(),
        "overdue": Policy.objects.filter(next_review_on__lt=timezone.localdate()).count(),
        "to_confirm": len(open_confirmations_for(request.user, request.workspace)),
    }


@register.filter
def role_labels(values) -> str:
    """Return the translated labels of role codes such as ["management", "officer"], comma-separated."""
    from civac.tenancy.roles import Role

    return ", ".join(str(Role(value).label) if value in Role.values else value for value in values or [])
