import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civac.settings")

app = Celery("civac")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def start_task_outside_any_workspace(**kwargs):
    """Clear the workspace before each task, so a task never inherits the previous task's workspace."""
    from civac.tenancy.context import clear_workspace_context

    clear_workspace_context()
