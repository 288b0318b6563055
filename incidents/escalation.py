"""Escalation steps of an obligation and who receives them.

Default steps: when the obligation is created, when half the time has
elapsed, 4 h and 1 h before due, at due, then every 2 h while overdue. Steps
whose time has already passed when the obligation is created are skipped,
because the creation alert already covers them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, ReportingObligation
from mandates.selectors import partner_oncall_emails
from officers.selectors import active_ciso_emails

OVERDUE_INTERVAL = timedelta(hours=2)
CREATED_STEP = "created"


def planned_steps(obligation: ReportingObligation, *, now: datetime) -> list[tuple[str, datetime]]:
    span = obligation.due_at - obligation.trigger_at
    candidates = [
        ("half", obligation.trigger_at + span / 2),
        ("due-4h", obligation.due_at - timedelta(hours=4)),
        ("due-1h", obligation.due_at - timedelta(hours=1)),
        ("due", obligation.due_at),
    ]
    steps = [(CREATED_STEP, now)]
    steps += [(name, when) for name, when in candidates if when > now and when > obligation.trigger_at]
    if obligation.due_at <= now:
        steps.append(("due", now))
    return steps


def next_overdue_step(step: str, obligation: ReportingObligation) -> tuple[str, datetime] | None:
    """The overdue step that follows ``step``, or None when ``step`` is before due."""
    if step == "due":
        number = 1
    elif step.startswith("overdue-"):
        number = int(step.removeprefix("overdue-")) + 1
    else:
        return None
    return f"overdue-{number}", obligation.due_at + OVERDUE_INTERVAL * number


def recipients(workspace) -> list[str]:
    """The appointed CISO and deputy, management, officers and the partner's on-call address."""
    emails = set(active_ciso_emails())
    emails.update(
        Membership.objects.filter(role__in=[Role.MANAGEMENT, Role.OFFICER, Role.WORKSPACE_ADMIN])
        .values_list("user__email", flat=True)
    )
    emails.update(partner_oncall_emails(workspace))
    return sorted({email.lower() for email in emails if email})


def schedule_steps(obligation: ReportingObligation, steps: list[tuple[str, datetime]]) -> int:
    """Insert the outbox rows; existing (obligation, step, recipient, channel) rows are left alone."""
    rows = [
        AlertDelivery(workspace_id=obligation.workspace_id, obligation=obligation, step=step,
                      recipient=recipient, channel=AlertDelivery.Channel.EMAIL,
                      send_at=when, next_attempt_at=when)
        for step, when in steps
        for recipient in recipients(obligation.workspace)
    ]
    AlertDelivery.all_workspaces.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
