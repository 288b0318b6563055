from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel
from incidents.models.incident import Incident


class Regime(models.TextChoices):
    NIS2 = "nis2", _("NIS-2 / BSIG")
    GDPR = "gdpr", _("GDPR")
    DORA = "dora", _("DORA")
    KRITIS = "kritis", _("KRITIS-DachG")
    EIDAS = "eidas", _("eIDAS")


class ObligationKind(models.TextChoices):
    """Reports an incident can owe; the values are the clock ids of ``incidents/data/reporting_clocks.yaml``."""

    NIS2_EARLY_WARNING = "nis2_early_warning", _("Early warning (24 h)")
    NIS2_NOTIFICATION = "nis2_notification", _("Incident notification (72 h)")
    NIS2_INTERIM_REPORT = "nis2_interim_report", _("Interim report (on request of the BSI)")
    NIS2_FINAL_REPORT = "nis2_final_report", _("Final report (one month)")
    NIS2_FINAL_AFTER_PROGRESS = "nis2_final_after_progress", _("Final report after progress report")
    GDPR_BREACH = "gdpr_breach", _("Personal data breach notification (72 h)")
    DORA_INITIAL = "dora_initial", _("DORA initial notification")
    DORA_INTERMEDIATE = "dora_intermediate", _("DORA intermediate report (72 h)")
    DORA_FINAL = "dora_final", _("DORA final report (one month)")
    KRITIS_INITIAL = "kritis_initial", _("KRITIS initial report (24 h)")
    KRITIS_REPORT = "kritis_report", _("KRITIS detailed report (one month)")
    EIDAS_BREACH = "eidas_breach", _("eIDAS breach notification (24 h)")


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
    submitted_as_progress = models.BooleanField(_("submitted as progress report"), default=False)
    report_content = models.JSONField(_("report content"), default=dict, blank=True)
    report_sha256 = models.CharField(_("SHA-256 of the submitted report"), max_length=64, blank=True)
    report_file = models.FileField(_("submitted report (PDF)"), upload_to="reports/%Y/", blank=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["due_at"]
        constraints = [
            # Each clock runs once per incident; the BSI may request several interim reports.
            models.UniqueConstraint(fields=["incident", "kind"], name="obligation_incident_kind_unique",
                                    condition=~models.Q(kind="nis2_interim_report")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.incident}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
