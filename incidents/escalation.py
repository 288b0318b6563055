"""Escalation steps of an obligation and who receives them on which channel.

The workspace's ``EscalationPolicy`` (defaults: on creation, when half the time
has elapsed, 4 h and 1 h before due, at due, then every 2 h while overdue)
decides the steps. Steps whose time has already passed when the obligation is
created are skipped, because the creation alert already covers them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, EscalationPolicy, ReportingObligation, WebhookEventType
from incidents.webhook_events import subscribers
from mandates.selectors import partner_oncall_emails, partner_staff_emails
from officers.selectors import active_ciso_emails

CREATED_STEP = "created"
ALERTED_ROLES = [Role.MANAGEMENT, Role.OFFICER, Role.WORKSPACE_ADMIN]


def policy_for(workspace) -> EscalationPolicy:
    """Return the workspace's policy, or an unsaved one with the defaults."""
    return EscalationPolicy.all_workspaces.filter(workspace=workspace).first() or EscalationPolicy(
        workspace=workspace)


def planned_steps(obligation: ReportingObligation, *, now: datetime) -> list[tuple[str, datetime]]:
    policy = policy_for(obligation.workspace)
    span = obligation.due_at - obligation.trigger_at
    candidates = []
    if policy.notify_at_half_time:
        candidates.append(("half", obligation.trigger_at + span / 2))
    candidates += [(f"due-{hours}h", obligation.due_at - timedelta(hours=hours)) for hours in policy.hours_before()]
    if policy.notify_at_due:
        candidates.append(("due", obligation.due_at))

    steps = [(CREATED_STEP, now)] if policy.notify_on_creation else []
    steps += [(name, when) for name, when in candidates if when > now and when > obligation.trigger_at]
    if obligation.due_at <= now:
        # Already overdue when opened: alert at once, which also starts the overdue reminders.
        steps.append(("due", now))
    return steps


def next_overdue_step(step: str, obligation: ReportingObligation) -> tuple[str, datetime] | None:
    """Return the overdue step after ``step``, or None before due or when the policy sends no reminders."""
    interval_hours = policy_for(obligation.workspace).overdue_interval_hours
    if not interval_hours:
        return None
    if step == "due":
        number = 1
    elif step.startswith("overdue-"):
        number = int(step.removeprefix("overdue-")) + 1
    else:
        return None
    return f"overdue-{number}", obligation.due_at + timedelta(hours=interval_hours) * number


def _member_emails() -> set[str]:
    return set(Membership.objects.filter(role__in=ALERTED_ROLES).values_list("user__email", flat=True))


def recipients(workspace) -> dict[str, list[str]]:
    """Collect the recipients per channel.

    E-mail goes to the appointed CISO and deputy, management, officers, admins and the
    partner's on-call address. In-app alerts go to members and partner staff. Webhooks
    are chosen per step by ``webhook_recipients``.
    """
    policy = policy_for(workspace)
    users = _member_emails() | set(partner_staff_emails(workspace))
    result = {}
    if policy.email_enabled:
        emails = users | set(active_ciso_emails()) | set(partner_oncall_emails(workspace))
        result[AlertDelivery.Channel.EMAIL] = sorted({email.lower() for email in emails if email})
    if policy.in_app_enabled:
        result[AlertDelivery.Channel.IN_APP] = sorted({email.lower() for email in users if email})
    return result


def webhook_event_for(step: str) -> str:
    """Steps after the deadline are ``obligation.overdue`` calls; every earlier step is ``obligation.due``."""
    if step.startswith("overdue-"):
        return WebhookEventType.OBLIGATION_OVERDUE
    return WebhookEventType.OBLIGATION_DUE


def webhook_recipients(workspace) -> dict[str, list[str]]:
    """Return the outbox recipients of the active webhooks for each deadline event they subscribe to."""
    deadline_events = (WebhookEventType.OBLIGATION_DUE, WebhookEventType.OBLIGATION_OVERDUE)
    endpoints = subscribers(workspace, deadline_events)
    return {event: [endpoint.recipient for endpoint in endpoints if event in endpoint.events]
            for event in deadline_events}


def schedule_steps(obligation: ReportingObligation, steps: list[tuple[str, datetime]]) -> int:
    """Insert the outbox rows; existing (obligation, step, recipient, channel) rows are left alone."""
    by_channel = recipients(obligation.workspace)
    webhooks = webhook_recipients(obligation.workspace)
    rows = [
        AlertDelivery(workspace_id=obligation.workspace_id, obligation=obligation, step=step,
                      recipient=recipient, channel=channel, send_at=when, next_attempt_at=when)
        for step, when in steps
        for channel, addresses in [*by_channel.items(), (AlertDelivery.Channel.WEBHOOK,
                                                         webhooks[webhook_event_for(step)])]
        for recipient in addresses
    ]
    AlertDelivery.all_workspaces.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
