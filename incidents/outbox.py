"""The alert outbox: claim due rows, send them after the claim commits, record the outcome.

1. ``claim_due`` locks due rows with ``SELECT ... FOR UPDATE SKIP LOCKED``,
   marks them ``sending`` with a lease and commits. Concurrent workers skip
   each other's rows; a row whose lease expired (its worker died) is due again.
2. ``deliver`` sends one claimed row outside any transaction.
3. The outcome (sent, retry later, failed) is written in a short transaction.

A worker that dies after the mail server accepted a message but before step 3
committed causes one resend. The resend carries the same Message-ID, so
receivers can drop it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.tenancy.context import workspace_context
from incidents.channels import SENDERS, PermanentFailure
from incidents.escalation import next_overdue_step, schedule_steps
from incidents.models import AlertDelivery, DeliveryAttempt

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_BATCH = 50


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, ... capped at 30 min."""
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 1800))


def lease_end(now: datetime) -> datetime:
    """Return the lease end that ``claim_due(now=now)`` sets on the rows it claims."""
    return now + timedelta(seconds=settings.ALERT_LEASE_SECONDS)


def claim_due(*, now: datetime, limit: int = CLAIM_BATCH) -> list:
    """Lock up to ``limit`` due rows, mark them sending with a lease, commit, and return their ids.

    Rows whose lease expired come first, then pending rows by next attempt.
    Each kind has its own query, ordered like its index (alert_lease_expiry,
    alert_pending_due), so PostgreSQL walks the index and stops after ``limit``
    rows. One query with an OR of both conditions gets a bitmap plan that reads
    the dead index entry of every alert sent since the last VACUUM again on
    every claim (measured in docs/benchmarks.md).
    """
    lease_until = lease_end(now)
    claimable = AlertDelivery.all_workspaces.select_for_update(skip_locked=True)
    with transaction.atomic():
        ids = list(
            claimable.filter(status=AlertDelivery.Status.SENDING, lease_expires_at__lte=now)
            .order_by("lease_expires_at")
            .values_list("id", flat=True)[:limit]
        )
        if len(ids) < limit:
            ids += list(
                claimable.filter(status=AlertDelivery.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at")
                .values_list("id", flat=True)[: limit - len(ids)]
            )
        if ids:
            AlertDelivery.all_workspaces.filter(id__in=ids).update(
                status=AlertDelivery.Status.SENDING, lease_expires_at=lease_until, attempts=F("attempts") + 1
            )
    return ids


def _cancel(delivery: AlertDelivery) -> None:
    AlertDelivery.all_workspaces.filter(pk=delivery.pk, status=AlertDelivery.Status.SENDING).update(
        status=AlertDelivery.Status.CANCELLED, lease_expires_at=None
    )


def deliver(delivery_id, *, lease_expires_at: datetime | None = None) -> str:
    """Send one claimed row and record the outcome; returns the new status.

    ``lease_expires_at`` is the lease the caller's claim set. The row is sent
    only while that lease is still on it, so a row that another worker claimed
    after the lease expired is left to that worker ("gone"). Without it, the
    row's current lease is taken as the caller's.
    """
    delivery = (
        AlertDelivery.all_workspaces.select_related("obligation__incident", "task__owner", "event", "workspace")
        .filter(pk=delivery_id, status=AlertDelivery.Status.SENDING).first()
    )
    if delivery is None:
        return "gone"
    # Renew the lease right before sending, so it has to cover one send and not
    # the rest of a batch. The lease value is a fencing token: the update
    # matches only while no other worker has claimed the row since.
    claimed_lease = lease_expires_at or delivery.lease_expires_at
    renewed_lease = lease_end(timezone.now())
    renewed = AlertDelivery.all_workspaces.filter(
        pk=delivery.pk, status=AlertDelivery.Status.SENDING, lease_expires_at=claimed_lease
    ).update(lease_expires_at=renewed_lease)
    if not renewed:
        logger.warning("alert %s was claimed by another worker after its lease expired; not sending", delivery.pk)
        return "gone"
    delivery.lease_expires_at = renewed_lease
    if not _still_needed(delivery):
        _cancel(delivery)
        return AlertDelivery.Status.CANCELLED

    started = timezone.now()
    late = started - delivery.send_at > timedelta(seconds=settings.ALERT_LATE_AFTER_SECONDS)
    try:
        SENDERS[delivery.channel](delivery, late=late)
    except PermanentFailure as error:
        logger.warning("alert %s to %s cannot be delivered: %s", delivery.pk, delivery.recipient, error)
        return _record_failure(delivery, started=started, error=error, permanent=True)
    except Exception as error:  # noqa: BLE001 - any transport error is retried, never lost
        logger.warning("alert %s to %s failed on attempt %s: %s", delivery.pk, delivery.recipient,
                       delivery.attempts, error)
        return _record_failure(delivery, started=started, error=error)
    return _record_success(delivery, started=started, late=late)


def _still_needed(delivery: AlertDelivery) -> bool:
    """Decide at send time whether the row's subject still needs it; that may have changed since it was queued."""
    if delivery.event_id is not None:
        return True  # an event happened; whether its webhook is still active is the sender's check
    if delivery.task_id is not None:
        from isms.services.tasks.reminders import reminder_still_needed

        return reminder_still_needed(delivery)
    obligation = delivery.obligation
    return obligation.is_open and obligation.acknowledged_at is None


def _owned(delivery: AlertDelivery):
    """Select the row only while it still carries this worker's lease."""
    return AlertDelivery.all_workspaces.filter(
        pk=delivery.pk, status=AlertDelivery.Status.SENDING, lease_expires_at=delivery.lease_expires_at
    )


def _subject(delivery: AlertDelivery) -> dict:
    if delivery.event_id is not None:
        return {"event": str(delivery.event_id)}
    if delivery.task_id is not None:
        return {"task": str(delivery.task_id)}
    return {"obligation": str(delivery.obligation_id)}


def _outcome_action(delivery: AlertDelivery, outcome: str) -> str:
    """Return the audit action of a final outcome, such as alert_sent, reminder_sent or webhook_failed."""
    if delivery.event_id is not None:
        return f"webhook_{outcome}"
    if delivery.task_id is not None and outcome == "sent":
        return "reminder_sent"
    return f"alert_{outcome}"


def _record_success(delivery: AlertDelivery, *, started: datetime, late: bool) -> str:
    finished = timezone.now()
    with transaction.atomic(), workspace_context(delivery.workspace), acting_as(system="alert-engine"):
        recorded = _owned(delivery).update(
            status=AlertDelivery.Status.SENT, sent_at=finished, late=late, lease_expires_at=None, last_error=""
        )
        if not recorded:
            # The send outlasted the lease and another worker claimed the row;
            # it sends again with the same Message-ID and records that outcome.
            logger.warning("alert %s sent to %s after its lease expired; another worker owns it now",
                           delivery.pk, delivery.recipient)
            return "gone"
        DeliveryAttempt.objects.create(delivery=delivery, started_at=started, finished_at=finished, succeeded=True)
        append_event(
            workspace_id=delivery.workspace_id, action=_outcome_action(delivery, "sent"),
            object_type="incidents.alertdelivery",
            object_id=str(delivery.pk), object_repr=f"{delivery.step} → {delivery.recipient}",
            changes={**_subject(delivery), "step": delivery.step,
                     "scheduled_for": delivery.send_at.isoformat(), "late": late,
                     "message_id": delivery.message_id},
        )
        if delivery.obligation_id is not None:
            follow_up = next_overdue_step(delivery.step, delivery.obligation)
            if follow_up is not None:
                schedule_steps(delivery.obligation, [follow_up])
    logger.info("alert %s sent to %s (step %s, late=%s)", delivery.pk, delivery.recipient, delivery.step, late)
    return AlertDelivery.Status.SENT


def _record_failure(delivery: AlertDelivery, *, started: datetime, error: Exception,
                    permanent: bool = False) -> str:
    finished = timezone.now()
    exhausted = permanent or delivery.attempts >= MAX_ATTEMPTS
    status = AlertDelivery.Status.FAILED if exhausted else AlertDelivery.Status.PENDING
    message = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic(), acting_as(system="alert-engine"):
        recorded = _owned(delivery).update(
            status=status, lease_expires_at=None, last_error=message,
            next_attempt_at=finished + retry_delay(delivery.attempts),
        )
        if not recorded:
            logger.warning("alert %s failed after its lease expired; another worker owns it now", delivery.pk)
            return "gone"
        DeliveryAttempt.objects.create(delivery=delivery, started_at=started, finished_at=finished,
                                       succeeded=False, error=message)
        if exhausted:
            append_event(
                workspace_id=delivery.workspace_id, action=_outcome_action(delivery, "failed"),
                object_type="incidents.alertdelivery",
                object_id=str(delivery.pk), object_repr=f"{delivery.step} → {delivery.recipient}",
                changes={"attempts": delivery.attempts, "error": message},
            )
            logger.error("alert %s to %s failed for good after %s attempts", delivery.pk, delivery.recipient,
                         delivery.attempts)
    return status


def run_tick(*, max_seconds: float = 50.0) -> dict:
    """Claim and send due rows until none are due or the time budget is spent."""
    started = timezone.now()
    counts: dict[str, int] = {}
    while (timezone.now() - started).total_seconds() < max_seconds:
        now = timezone.now()
        ids = claim_due(now=now)
        if not ids:
            break
        for delivery_id in ids:
            outcome = deliver(delivery_id, lease_expires_at=lease_end(now))
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def describe_step(step: str) -> str:
    labels = {
        "created": _("new reporting obligation"),
        "half": _("half of the time has elapsed"),
        "due": _("due now"),
    }
    if step.startswith("overdue-"):
        return _("overdue")
    hours = step.removeprefix("due-").removesuffix("h")
    if step.startswith("due-") and hours.isdigit():
        return ngettext("due in %(count)s hour", "due in %(count)s hours", int(hours)) % {"count": int(hours)}
    return labels.get(step, step)
