from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class Incident(TenantModel):
    """A security incident. Transitions: open -> contained -> closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    detected_at = models.DateTimeField(_("detected at"), null=True, blank=True)
    aware_at = models.DateTimeField(_("became aware at"))
    aware_time_zone = models.CharField(_("time zone of entry"), max_length=64)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("reported by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    significant = models.BooleanField(
        _("significant security incident"), default=False,
        help_text=_("Significant under §2 no. 11 BSIG: starts the NIS-2 reporting clocks."),
    )
    personal_data_involved = models.BooleanField(_("personal data involved"), default=False)
    suspected_malicious = models.BooleanField(_("unlawful or malicious act suspected"), default=False)
    cross_border_impact = models.BooleanField(_("possible cross-border impact"), default=False)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-aware_at"]

    def __str__(self) -> str:
        return self.title


class Regime(models.TextChoices):
    NIS2 = "nis2", _("NIS-2 / BSIG")
    GDPR = "gdpr", _("GDPR")


class ObligationKind(models.TextChoices):
    NIS2_EARLY_WARNING = "nis2_early_warning", _("Early warning (24 h)")
    NIS2_NOTIFICATION = "nis2_notification", _("Incident notification (72 h)")
    NIS2_FINAL_REPORT = "nis2_final_report", _("Final report (one month)")
    GDPR_BREACH = "gdpr_breach", _("Personal data breach notification (72 h)")


class ReportingObligation(TenantModel):
    """A report owed to an authority, with an absolute due time in UTC.

    Transitions: open -> submitted. ``acknowledged_at`` silences reminders while
    the obligation stays open.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="obligations")
    regime = models.CharField(_("regime"), max_length=10, choices=Regime.choices)
    kind = models.CharField(_("report"), max_length=30, choices=ObligationKind.choices)
    clock_id = models.CharField(max_length=60)
    trigger_at = models.DateTimeField(_("clock started at"))
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("submitted by"))
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["due_at"]
        constraints = [models.UniqueConstraint(fields=["incident", "kind"], name="obligation_incident_kind_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.incident}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AlertDelivery(TenantModel):
    """One alert to one recipient on one channel for one escalation step: the outbox row.

    Transitions: pending -> sending (claimed, lease running) -> sent; a failed
    send returns to pending with a later ``next_attempt_at`` until the attempts
    run out (failed); rows of a submitted or acknowledged obligation become
    cancelled. The row and its attempts are the delivery log, so only outcomes
    are written to the audit chain.
    """

    audit_changes = False

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    obligation = models.ForeignKey(ReportingObligation, on_delete=models.PROTECT, related_name="alerts")
    step = models.CharField(_("step"), max_length=20)
    recipient = models.EmailField(_("recipient"))
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
