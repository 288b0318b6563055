"""The account-level list of a user's open tasks in every workspace they can open."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from civac.tenancy.access import accessible_workspaces
from civac.tenancy.context import workspace_context
from isms.services.tasks.selectors import open_tasks_for

PER_WORKSPACE = 100


@login_required
def my_tasks(request):
    """Query each workspace inside its own context, so row-level security scopes every read.

    Costs one query per workspace plus access resolution, whatever the number of tasks.
    """
    groups = []
    for access in accessible_workspaces(request.user):
        workspace = access.workspace
        with workspace_context(workspace):
            tasks = list(open_tasks_for(request.user, access)[:PER_WORKSPACE + 1])
        if not tasks:
            continue
        today = timezone.localdate(timezone=workspace.zone)
        groups.append({
            "workspace": workspace, "tasks": tasks[:PER_WORKSPACE], "truncated": len(tasks) > PER_WORKSPACE,
            "today": today, "overdue": sum(1 for task in tasks if task.due_on < today),
        })
    # Workspaces with overdue work first, then by name (access resolution already sorted by name).
    groups.sort(key=lambda group: group["overdue"] == 0)
    return render(request, "isms/tasks/mine.html", {"groups": groups})
