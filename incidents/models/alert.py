from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel
from incidents.models.obligation import ReportingObligation


class AlertDelivery(TenantModel):
    """One alert to one recipient on one channel for one escalation step: the outbox row.

    Transitions: pending -> sending (claimed, lease running) -> sent; a failed
    send returns to pending with a later ``next_attempt_at`` until the attempts
    run out (failed); rows of a submitted or acknowledged obligation, or of a
    task that was completed, deleted or rescheduled, become cancelled. The row
    and its attempts are the delivery log, so only outcomes are written to the
    audit chain.

    A row belongs to a reporting obligation (an alert), a task (a reminder) or
    a webhook event (a call for one subscribed webhook); the check constraint
    demands exactly one of them.
    """

    audit_changes = False

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        IN_APP = "in_app", _("In-app")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    obligation = models.ForeignKey(ReportingObligation, on_delete=models.PROTECT, related_name="alerts",
                                   null=True, blank=True)
    task = models.ForeignKey("isms.Task", on_delete=models.PROTECT, related_name="reminders",
                             null=True, blank=True)
    event = models.ForeignKey("incidents.WebhookEvent", on_delete=models.PROTECT, related_name="deliveries",
                              null=True, blank=True)
    # The escalation step for alerts and reminders, the event type for event rows.
    step = models.CharField(_("step"), max_length=30)
    # An e-mail address for e-mail and in-app alerts, "webhook:<endpoint id>" for webhooks.
    recipient = models.CharField(_("recipient"), max_length=254)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    send_at = models.DateTimeField(_("scheduled for"))
    next_attempt_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["send_at"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "step", "recipient", "channel"],
                                    name="alert_delivery_unique"),
            models.UniqueConstraint(fields=["task", "step", "recipient", "channel"],
                                    name="alert_delivery_task_unique"),
            models.UniqueConstraint(fields=["event", "recipient", "channel"], name="alert_delivery_event_unique"),
            models.CheckConstraint(
                condition=(models.Q(obligation__isnull=False, task__isnull=True, event__isnull=True)
                           | models.Q(obligation__isnull=True, task__isnull=False, event__isnull=True)
                           | models.Q(obligation__isnull=True, task__isnull=True, event__isnull=False)),
                name="alert_delivery_one_subject",
            ),
        ]
        indexes = [
            # The tick reads only rows that are due: pending by next attempt,
            # sending by lease expiry. Both stay small next to the whole table.
            models.Index(fields=["status", "next_attempt_at"], name="alert_pending_due"),
            models.Index(fields=["status", "lease_expires_at"], name="alert_lease_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.step} → {self.recipient}"

    @property
    def message_id(self) -> str:
        """Stable across retries, so a receiver can drop a resent duplicate."""
        return f"<alert-{self.pk}@civac>"


class DeliveryAttempt(models.Model):
    """One try to send an alert, successful or not."""

    delivery = models.ForeignKey(AlertDelivery, on_delete=models.PROTECT, related_name="attempt_log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    succeeded = models.BooleanField()
    error = models.TextField(blank=True)


class EngineHeartbeat(models.Model):
    """Time of the last alert tick, read by /healthz."""

    name = models.CharField(max_length=40, unique=True)
    last_tick_at = models.DateTimeField()
