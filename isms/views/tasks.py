"""Task pages of one workspace: list, create, detail with history, edit, complete, delete."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents.models import AlertDelivery
from isms.forms.tasks import TaskCompleteForm, TaskForm
from isms.models import Task
from isms.services import tasks as services
from isms.services.tasks.reminders import step_kind

PAGE_SIZE = 50
HISTORY_SIZE = 50
STATUS_FILTERS = {"open": [Task.Status.OPEN], "done": [Task.Status.DONE], "deleted": [Task.Status.DELETED]}


@workspace_view()
def task_list(request):
    shown = request.GET.get("status", "open")
    statuses = STATUS_FILTERS.get(shown, STATUS_FILTERS["open"])
    tasks = Task.objects.filter(status__in=statuses).select_related("owner", "done_by")
    if shown == "done":
        tasks = tasks.order_by("-done_at")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "isms/tasks.html", {"page": page, "tasks": page.object_list, "shown": shown,
                                               "today": timezone.localdate()})


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def task_new(request):
    form = TaskForm(request.POST or None, initial={"cadence": Task.Cadence.ONCE})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Task created."))
            return redirect("isms:task_detail", workspace_slug=request.workspace.slug, task_id=task.pk)
    return render(request, "isms/tasks/form.html", {"form": form, "task": None})


def _detail_page(request, task, *, complete_form=None, status=200):
    history = []
    if task.series is not None:
        history = (Task.objects.filter(series=task.series, status=Task.Status.DONE)
                   .select_related("done_by").order_by("-done_at")[:HISTORY_SIZE])
    reminders = list(AlertDelivery.objects.filter(task=task).order_by("send_at", "recipient"))
    for reminder in reminders:
        reminder.kind = step_kind(reminder.step)
    return render(request, "isms/tasks/detail.html", {
        "task": task, "history": history, "reminders": reminders, "today": timezone.localdate(),
        "complete_form": complete_form or TaskCompleteForm(),
    }, status=status)


@workspace_view(objects={"task_id": Task})
def task_detail(request, task_id):
    task = get_object_or_404(Task.objects.select_related("owner", "done_by"), pk=task_id)
    return _detail_page(request, task)


@workspace_view("edit", objects={"task_id": Task})
@require_http_methods(["GET", "POST"])
def task_edit(request, task_id):
    task = get_object_or_404(Task, pk=task_id)
    if not task.is_open:
        messages.error(request, _("Only open tasks can be changed."))
        return redirect("isms:task_detail", workspace_slug=request.workspace.slug, task_id=task.pk)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=Task.objects.get(pk=task.pk), values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("isms:task_detail", workspace_slug=request.workspace.slug, task_id=task.pk)
    return render(request, "isms/tasks/form.html", {"form": form, "task": task})


@workspace_view(objects={"task_id": Task})
@require_POST
def task_done(request, task_id):
    task = get_object_or_404(Task, pk=task_id)
    # The owner completes their own task whatever their role, e.g. management its review.
    if not (request.workspace_access.can_edit or task.owner_id == request.user.pk):
        raise PermissionDenied
    form = TaskCompleteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, task, complete_form=form, status=400)
    try:
        services.task_complete(actor=request.user, task=task, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task done."))
    return redirect("isms:task_detail", workspace_slug=request.workspace.slug, task_id=task.pk)


@workspace_view("edit", objects={"task_id": Task})
@require_POST
def task_delete(request, task_id):
    task = get_object_or_404(Task, pk=task_id)
    try:
        services.task_delete(actor=request.user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("isms:task_detail", workspace_slug=request.workspace.slug, task_id=task.pk)
    messages.success(request, _("Task deleted; its reminders are cancelled."))
    return redirect("isms:tasks", workspace_slug=request.workspace.slug)
