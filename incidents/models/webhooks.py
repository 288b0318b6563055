import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class WebhookEventType(models.TextChoices):
    """The events a webhook can subscribe to; the value is the ``event`` field of each call."""

    INCIDENT_CREATED = "incident.created", _("Incident registered")
    OBLIGATION_DUE = "obligation.due", _("Reporting deadline running (each escalation step up to the deadline)")
    OBLIGATION_OVERDUE = "obligation.overdue", _("Reporting deadline missed (each reminder after the deadline)")
    OBLIGATION_SUBMITTED = "obligation.submitted", _("Report submitted to the authority")
    REPORT_RELEASED = "report.released", _("Quarterly report released to management")
    APPOINTMENT_SIGNED = "appointment.signed", _("Appointment certificate signed")
    APPOINTMENT_REVOKED = "appointment.revoked", _("Appointment revoked")


# Sent only on request from the webhook's page to test the receiver, so it is not offered as a subscription.
PING_EVENT = "ping"


def _webhook_secret() -> str:
    return secrets.token_hex(32)


def _all_events() -> list[str]:
    return list(WebhookEventType.values)


class WebhookEndpoint(TenantModel):
    """An HTTPS address that receives signed calls for the events it subscribes to, for one workspace."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=_all_events)
    secret = models.CharField(max_length=64, default=_webhook_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url

    @property
    def recipient(self) -> str:
        """The outbox's recipient value for calls to this webhook."""
        return f"webhook:{self.pk}"

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEventType.choices)
        return [str(labels[event]) for event in self.events if event in labels]


class WebhookEvent(TenantModel):
    """Something that happened in a workspace, queued for the webhooks subscribed to its type.

    The row is written in the transaction of the change it reports, so an event
    is queued exactly when the change commits. Its outbox rows (one per
    webhook) reference it; deadline steps (``obligation.due`` and
    ``obligation.overdue``) are outbox rows of the obligation instead and have
    no event row.
    """

    audit_changes = False  # the change itself is audited; the calls' outcomes are audited by the outbox

    event_type = models.CharField(_("event"), max_length=30)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(_("occurred at"))

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.subject_id}"
