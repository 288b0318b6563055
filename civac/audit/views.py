from django.core.paginator import Paginator
from django.shortcuts import render

from civac.audit.models import AuditEvent
from civac.audit.verify import verify_chain
from civac.tenancy.decorators import workspace_view

PAGE_SIZE = 50


@workspace_view()
def audit_log(request):
    workspace = request.workspace
    events = AuditEvent.objects.filter(workspace=workspace).order_by("-sequence")
    action = request.GET.get("action", "").strip()
    object_type = request.GET.get("object_type", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    report = verify_chain(str(workspace.pk)) if request.GET.get("verify") else None
    facets = AuditEvent.objects.filter(workspace=workspace)
    context = {
        "page": page,
        "report": report,
        "filters": {"action": action, "object_type": object_type, "actor": actor},
        "actions": sorted(set(facets.values_list("action", flat=True).distinct())),
        "object_types": sorted(set(facets.values_list("object_type", flat=True).distinct())),
    }
    return render(request, "audit/log.html", context)
