from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class ManagementReview(TenantModel):
    """A management review meeting (ISO/IEC 27001:2022 clause 9.3).

    Transitions: draft -> approved. The inputs (9.3.2 a to g) are compiled
    from the workspace's data into ``inputs`` and may be compiled again while
    the review is a draft; outputs and decisions are entered in the meeting.
    Approval by management renders the PDF and freezes the record.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"), blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    inputs_compiled_at = models.DateTimeField(_("inputs compiled at"), null=True, blank=True)
    input_notes = models.TextField(_("notes on the inputs"), blank=True,
                                   help_text=_("Feedback from interested parties and anything the data does not show."))
    outputs = models.TextField(_("outputs: opportunities for improvement and changes to the ISMS"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    file = models.FileField(_("PDF"), upload_to="reports/reviews/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return self.title
