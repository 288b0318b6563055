"""Supplier register, reviews and questionnaire assessments sent to a supplier contact.

The DPA (Art. 28 GDPR) and other contract files are evidence on the supplier;
answers' uploads are evidence on the assessment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["Supplier", "SupplierAssessment", "SupplierReview"]


class Supplier(TenantModel):
    class Criticality(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Rating(models.TextChoices):
        NOT_RATED = "not_rated", _("Not rated")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    name = models.CharField(_("name"), max_length=200)
    services = models.TextField(_("services"))
    criticality = models.CharField(_("criticality"), max_length=10, choices=Criticality.choices,
                                   default=Criticality.MEDIUM)
    data_processed = models.TextField(_("data processed"), blank=True)
    processes_personal_data = models.BooleanField(
        _("processes personal data on our behalf"), default=False,
        help_text=_("Then a data processing agreement under Art. 28 GDPR is required."))
    contract_starts_on = models.DateField(_("contract starts on"), null=True, blank=True)
    contract_ends_on = models.DateField(_("contract ends on"), null=True, blank=True)
    dpa_signed_on = models.DateField(_("DPA signed on"), null=True, blank=True)
    security_requirements = models.TextField(_("security requirements"), blank=True)
    risk_rating = models.CharField(_("risk rating"), max_length=10, choices=Rating.choices,
                                   default=Rating.NOT_RATED)
    review_interval_months = models.PositiveSmallIntegerField(_("review interval in months"), default=12)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    risks = models.ManyToManyField("isms.Risk", blank=True, related_name="suppliers", verbose_name=_("risks"))
    soa_entries = models.ManyToManyField("isms.SoAEntry", blank=True, related_name="suppliers",
                                         verbose_name=_("SoA controls"))

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        indexes = [models.Index(fields=["workspace", "next_review_on"], name="supplier_next_review")]

    def __str__(self) -> str:
        return self.name


class SupplierReview(TenantModel):
    """One completed review of a supplier; recording it sets the supplier's next review date."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="reviews",
                                 verbose_name=_("supplier"))
    reviewed_on = models.DateField(_("reviewed on"))
    risk_rating = models.CharField(_("risk rating"), max_length=10, choices=Supplier.Rating.choices)
    notes = models.TextField(_("notes"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reviewed by"))

    class Meta:
        verbose_name = _("supplier review")
        verbose_name_plural = _("supplier reviews")
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.supplier} ({self.reviewed_on.isoformat()})"


class SupplierAssessment(TenantModel):
    """A questionnaire sent to a supplier contact through a link that needs no account.

    Transitions: sent -> submitted (by the contact, once) and sent -> withdrawn
    (by an officer). A sent assessment past ``expires_at`` counts as expired
    without a write. Only the SHA-256 of the link's token is stored, so the
    database alone cannot open a questionnaire.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="assessments",
                                 verbose_name=_("supplier"))
    template_key = models.CharField(_("questionnaire"), max_length=60)
    language = models.CharField(_("language"), max_length=5, choices=[("de", "Deutsch"), ("en", "English")])
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link expires at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("supplier assessment")
        verbose_name_plural = _("supplier assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.template_key}"
