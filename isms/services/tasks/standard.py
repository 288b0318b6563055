"""The standard set of recurring ISMS tasks a new workspace starts with, read from ``isms/data/standard_tasks.yaml``."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from civac.tenancy.context import workspace_context
from civac.tenancy.models import Workspace
from isms.models import Task
from isms.services.tasks import task_create

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "standard_tasks.yaml"


@lru_cache(maxsize=1)
def standard_task_specs() -> list[dict]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["tasks"]


def standard_tasks_create(*, actor, workspace: Workspace, now: datetime | None = None) -> list[Task]:
    """Create the standard tasks the workspace lacks, in its default language; returns the new ones.

    Idempotent: a standard task is identified by its key in any status, so a
    task the officer completed or deleted is not created again. The workspace
    row is locked, so two runs at once do not both create the set.
    """
    now = now or timezone.now()
    today = timezone.localdate(now, workspace.zone)
    language = workspace.default_language if workspace.default_language in ("de", "en") else "en"
    created = []
    with transaction.atomic(), workspace_context(workspace):
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        existing = set(Task.objects.exclude(standard_key="").values_list("standard_key", flat=True))
        for spec in standard_task_specs():
            if spec["key"] in existing:
                continue
            created.append(task_create(
                actor=actor, workspace=workspace, title=spec["title"][language],
                description=spec["description"][language], cadence=spec["cadence"],
                due_on=today + timedelta(days=spec["first_due_in_days"]), standard_key=spec["key"],
                evidence_required=spec.get("evidence_required", False), now=now,
            ))
    if created:
        logger.info("created %s standard tasks in workspace %s", len(created), workspace.pk)
    return created
