from django import template
from django.utils import timezone

from isms.services.tasks.selectors import task_counts

register = template.Library()


@register.simple_tag
def task_summary() -> dict[str, int]:
    """Count the open, overdue and soon-due tasks of the workspace the view bound; one query."""
    return task_counts(today=timezone.localdate())
