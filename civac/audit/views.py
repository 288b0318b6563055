from django.core.paginator import Paginator
from django.shortcuts import render

from civac.audit.labels import ACTION_LABELS, audited_object_types
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
    context = {
        "page": page,
        "report": report,
        "filters": {"action": action, "object_type": object_type, "actor": actor},
        # The filter choices come from the code, not from a DISTINCT over the log,
        # which would scan every event of a workspace with half a million of them.
        "actions": sorted(ACTION_LABELS),
        "object_types": audited_object_types(),
    }
    return render(request, "audit/log.html", context)
