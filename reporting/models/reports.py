from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class QuarterlyReport(TenantModel):
    """One version of the quarterly status report of a workspace.

    Transitions: queued -> draft (rendered) -> released; queued -> failed.
    Beat creates one scheduled version per workspace and quarter (a partial
    unique constraint holds that even when two beats race); officers may ask
    for further on-demand versions, which number on from the last one.
    """

    class Origin(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        ON_DEMAND = "on_demand", _("On demand")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DRAFT = "draft", _("Draft")
        RELEASED = "released", _("Released")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    version = models.PositiveSmallIntegerField(_("version"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    period_start = models.DateTimeField(_("period starts at"))
    period_end = models.DateTimeField(_("period ends before"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    missing = models.JSONField(_("missing data"), default=list, blank=True)
    file = models.FileField(_("PDF"), upload_to="reports/quarterly/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("released by"))

    class Meta:
        verbose_name = _("quarterly status report")
        verbose_name_plural = _("quarterly status reports")
        ordering = ["-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "year", "quarter", "version"],
                                    name="quarterly_report_version_unique"),
            models.UniqueConstraint(fields=["workspace", "year", "quarter"], condition=Q(origin="scheduled"),
                                    name="quarterly_report_one_scheduled"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.year} v{self.version}"

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED


class ReportAcknowledgement(TenantModel):
    """A management member's acknowledgement of a released report: requested at release, given once.

    ``sha256`` is the hash of the PDF the member acknowledged, copied when they do.
    """

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="acknowledgements",
                               verbose_name=_("report"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("management member"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the acknowledged PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["user__last_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="report_acknowledgement_unique")]

    def __str__(self) -> str:
        return f"{self.report} – {self.user}"
