"""The context card on the ISMS overview: scope status and the NIS-2 classification."""

from django import template

from isms.services import context as services

register = template.Library()


@register.inclusion_tag("isms/context/_card_body.html", takes_context=True)
def context_card(context):
    workspace = context["workspace"]
    return {
        "workspace": workspace,
        "access": context.get("access"),
        "version": services.current_scope_version(),
        "approved": services.latest_approved_scope_version(),
        "result": services.nis2_classify_workspace(workspace),
    }
