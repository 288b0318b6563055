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
        help_text=_("Significant under §2 Nr. 11 BSIG: starts the NIS-2 reporting clocks."),
    )
    personal_data_involved = models.BooleanField(_("personal data involved"), default=False)
    suspected_malicious = models.BooleanField(_("unlawful or malicious act suspected"), default=False)
    cross_border_impact = models.BooleanField(_("possible cross-border impact"), default=False)
    affected_services = models.TextField(_("affected services"), blank=True)
    affected_assets = models.TextField(_("affected systems and assets"), blank=True)
    dora_major = models.BooleanField(_("classified as major ICT-related incident (DORA)"), default=False)
    dora_classified_at = models.DateTimeField(_("classified as major at"), null=True, blank=True)
    physical_resilience_impact = models.BooleanField(
        _("affects the physical resilience of a critical facility (KRITIS-DachG)"), default=False
    )
    trust_service_impact = models.BooleanField(
        _("significant impact on a trust service (eIDAS)"), default=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-aware_at"]

    def __str__(self) -> str:
        return self.title


class TimelineEntry(TenantModel):
    """One line of an incident's timeline: who noted what, and when it happened."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="timeline")
    occurred_at = models.DateTimeField(_("time"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    text = models.TextField(_("entry"))

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["occurred_at", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class SignificanceAssessment(TenantModel):
    """A recorded decision whether an incident is significant under §2 Nr. 11 BSIG, with its reasons."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="assessments")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))
    entity_type = models.CharField(_("entity type"), max_length=20)
    answers = models.JSONField(_("answers"), default=dict)
    significant = models.BooleanField(_("significant"))
    reasons = models.JSONField(_("reasons"), default=list)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("significance assessment")
        verbose_name_plural = _("significance assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.incident} ({self.created_at:%Y-%m-%d})"
