"""Links between risks and the controls that treat them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["RiskControl"]


class RiskControl(TenantModel):
    """A control (its SoA entry) that treats a risk; a row of its own so that each link is audited.

    The SoA shows the risks behind each control from these rows, and the risk
    page shows its controls, so both directions read the same link.
    """

    risk = models.ForeignKey("isms.Risk", on_delete=models.CASCADE, related_name="control_links",
                             verbose_name=_("risk"))
    soa_entry = models.ForeignKey("isms.SoAEntry", on_delete=models.CASCADE, related_name="risk_links",
                                  verbose_name=_("control"))

    class Meta:
        verbose_name = _("risk control link")
        verbose_name_plural = _("risk control links")
        constraints = [models.UniqueConstraint(fields=["risk", "soa_entry"], name="risk_control_unique")]

    def __str__(self) -> str:
        return f"{self.risk_id} -> {self.soa_entry_id}"
