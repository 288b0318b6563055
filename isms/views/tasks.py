from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civac.tenancy.decorators import workspace_view
from isms.models import Task
from isms.services.tasks import task_complete


@workspace_view()
def task_list(request):
    return render(request, "isms/tasks.html", {"tasks": Task.objects.select_related("done_by"),
                                               "today": timezone.localdate()})


@workspace_view("edit", objects={"task_id": Task})
@require_POST
def task_done(request, task_id):
    try:
        task_complete(actor=request.user, task=get_object_or_404(Task, pk=task_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task done."))
    return redirect("isms:tasks", workspace_slug=request.workspace.slug)
