"""The ISMS models that accept evidence files; each area adds its own here."""

from django.urls import reverse

from isms.evidence_registry import register_attachable


def _policy_url(policy, workspace) -> str:
    return reverse("isms:policy_detail", args=[workspace.slug, policy.pk])


def _task_url(task, workspace) -> str:
    return reverse("isms:tasks", args=[workspace.slug])


def register_isms_attachables() -> None:
    from isms.models import Policy, Task

    register_attachable(Policy, "edit", _policy_url)
    register_attachable(Task, "edit", _task_url)
