from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class Mandate(TenantModel):
    """The service contract between a partner firm and a client workspace.

    Transitions: draft -> active -> ended. Only an active mandate gives the
    partner's staff access to the workspace.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    partner = models.ForeignKey("tenancy.Partner", on_delete=models.PROTECT, related_name="mandates",
                                verbose_name=_("partner"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    roles = models.CharField(_("officer roles"), max_length=200, blank=True,
                             help_text=_("Catalogue keys of the roles this mandate covers, comma-separated."))

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        indexes = [models.Index(fields=["partner", "status"], name="mandate_partner_status")]

    def __str__(self) -> str:
        return f"{self.partner} / {self.workspace}"
