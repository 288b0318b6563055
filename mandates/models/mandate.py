from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["Mandate"]


class Mandate(TenantModel):
    """The service contract between a partner firm and a client workspace.

    Transitions: draft -> signed (management signed, start date still ahead)
    -> active -> ended; a draft whose start date has come becomes active at
    signing. Only an active mandate gives the partner's staff access to the
    workspace. The named person and deputy come from the linked appointment,
    so the contract and the appointment certificate name the same people.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, not started")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class ReportFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")

    class Submission(models.TextChoices):
        CLIENT = "client", _("The client submits reports to the authority itself")
        PROVIDER_ON_BEHALF = "provider", _("The provider submits on the client's behalf, as authorised")

    class Subcontracting(models.TextChoices):
        NONE = "none", _("No subcontracting")
        PRIOR_CONSENT = "prior_consent", _("Only with the client's prior written consent")
        FREE = "free", _("Allowed without consent")

    partner = models.ForeignKey("tenancy.Partner", on_delete=models.PROTECT, related_name="mandates",
                                verbose_name=_("partner"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    roles = models.CharField(_("officer roles"), max_length=200, blank=True,
                             help_text=_("Catalogue keys of the roles this mandate covers, comma-separated."))

    # Named natural person and deputy, with their qualification, through the appointment.
    appointment = models.ForeignKey("officers.Appointment", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="mandates", verbose_name=_("appointment of the named officer"))
    continuing_education = models.BooleanField(_("continuing education committed"), default=False)

    scope = models.TextField(_("scope"), blank=True,
                             help_text=_("Legal units, ISMS scope, NIS-2 classification, sectors and locations."))
    deliverables = models.TextField(_("deliverables"), blank=True,
                                    help_text=_("For example policy, risk assessment, SoA, audit programme, "
                                                "management reports, awareness, incident support."))

    hours_per_month = models.DecimalField(_("hours per month"), max_digits=6, decimal_places=2, null=True,
                                          blank=True)
    onsite_days_per_month = models.DecimalField(_("on-site days per month"), max_digits=4, decimal_places=1,
                                                null=True, blank=True)
    substitution_rules = models.TextField(_("substitution during absence"), blank=True)

    reachable_24_7 = models.BooleanField(_("reachable 24/7 for incidents"), default=False)
    emergency_channel = models.CharField(_("24/7 channel"), max_length=200, blank=True,
                                         help_text=_("Phone number or hotline the client calls when an incident "
                                                     "starts."))
    acknowledgement_minutes = models.PositiveIntegerField(_("acknowledgement time (minutes)"), null=True,
                                                          blank=True)
    early_warning_draft_hours = models.DecimalField(_("time to a draft early warning (hours)"), max_digits=5,
                                                    decimal_places=2, null=True, blank=True)
    submission = models.CharField(_("who submits to the authority"), max_length=10, choices=Submission.choices,
                                  blank=True)

    client_escalation_duty = models.BooleanField(_("client must inform the officer of events at once"),
                                                 default=False)
    significance_criteria = models.TextField(_("agreed criteria for significant incidents"), blank=True)

    reporting_line = models.CharField(_("reports to"), max_length=200, blank=True)
    report_frequency = models.CharField(_("report frequency"), max_length=12, choices=ReportFrequency.choices,
                                        blank=True)
    management_keeps_responsibility = models.BooleanField(
        _("clause: management keeps responsibility and liability"), default=False)
    management_training_support = models.BooleanField(_("supports management training"), default=False)
    access_rights = models.TextField(_("access and information rights"), blank=True)
    confidentiality = models.BooleanField(_("confidentiality agreement"), default=False)

    processes_personal_data = models.BooleanField(
        _("provider processes personal data for the client"), default=True,
        help_text=_("Then a data processing agreement under Art. 28 GDPR is needed."))
    dpa_signed_on = models.DateField(_("data processing agreement signed on"), null=True, blank=True)
    dpa_document = models.ForeignKey("isms.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("data processing agreement (document)"))

    subcontracting = models.CharField(_("subcontracting"), max_length=15, choices=Subcontracting.choices,
                                      blank=True)
    liability_cover_eur = models.DecimalField(_("professional indemnity cover (EUR)"), max_digits=12,
                                              decimal_places=2, null=True, blank=True)
    notice_days = models.PositiveIntegerField(_("notice period (days)"), null=True, blank=True)
    handover_arrangement = models.TextField(_("handover arrangement"), blank=True)

    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed terms"), max_length=64, blank=True)

    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handover_archive = models.FileField(_("handover archive"), upload_to="handover/%Y/", blank=True)
    handover_sha256 = models.CharField(_("SHA-256 of the handover archive"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        indexes = [models.Index(fields=["partner", "status"], name="mandate_partner_status")]

    def __str__(self) -> str:
        return f"{self.partner} / {self.workspace}"

    @property
    def role_keys(self) -> list[str]:
        return [key.strip() for key in self.roles.split(",") if key.strip()]
