"""Controls: the platform's Annex A catalogue, the §30 BSIG measure areas and each workspace's own controls."""

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["CatalogueControl", "ControlTheme", "MeasureArea", "OwnControl", "OwnControlArea"]


def _german() -> bool:
    return (get_language() or "de").startswith("de")


class ControlTheme(models.TextChoices):
    """The four themes of ISO/IEC 27001:2022 Annex A (clauses A.5 to A.8)."""

    ORGANIZATIONAL = "organizational", _("Organizational")
    PEOPLE = "people", _("People")
    PHYSICAL = "physical", _("Physical")
    TECHNOLOGICAL = "technological", _("Technological")


class CatalogueControl(models.Model):
    """One Annex A control, shared by all workspaces and loaded from ``isms/data/annex_a_2022.yaml``.

    Rows are never deleted, because SoA entries reference them: a control that
    leaves the data file keeps its row with ``is_current`` false.
    """

    ref = models.CharField(_("ID"), max_length=20, unique=True)
    title_en = models.CharField(max_length=200)
    title_de = models.CharField(max_length=200)
    theme = models.CharField(_("theme"), max_length=20, choices=ControlTheme.choices)
    new_in_2022 = models.BooleanField(default=False)
    position = models.PositiveIntegerField(help_text="Sort key: A.5.9 sorts before A.5.10.")
    data_version = models.CharField(max_length=20, help_text="Version of the data file that last wrote this row.")
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Annex A control")
        verbose_name_plural = _("Annex A controls")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def title(self) -> str:
        return self.title_de if _german() else self.title_en


class MeasureArea(models.Model):
    """One of the ten minimum measure areas of §30(2) BSIG, with our mapping to Annex A controls."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_en = models.CharField(max_length=300)
    name_de = models.CharField(max_length=300)
    controls = models.ManyToManyField(CatalogueControl, related_name="measure_areas", blank=True)
    data_version = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("§30 BSIG measure area")
        verbose_name_plural = _("§30 BSIG measure areas")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return self.name_de if _german() else self.name_en


class OwnControl(TenantModel):
    """A control a workspace adds beside Annex A, for example from a customer contract or a sector standard."""

    ref = models.CharField(_("ID"), max_length=30, help_text=_("Your own ID, for example ORG-1 or KRITIS-3."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=ControlTheme.choices,
                             default=ControlTheme.ORGANIZATIONAL)
    measure_areas = models.ManyToManyField(MeasureArea, through="OwnControlArea", related_name="+", blank=True,
                                           verbose_name=_("§30 BSIG measure areas"))

    class Meta:
        verbose_name = _("own control")
        verbose_name_plural = _("own controls")
        ordering = ["ref"]
        # Case-insensitive, so that ORG-1 and org-1 cannot both exist even under concurrent writes.
        constraints = [models.UniqueConstraint(Upper("ref"), "workspace", name="own_control_ref_unique")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class OwnControlArea(TenantModel):
    """Link of an own control to a §30 measure area; a tenant row, so that it carries its workspace."""

    control = models.ForeignKey(OwnControl, on_delete=models.CASCADE, related_name="area_links")
    area = models.ForeignKey(MeasureArea, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("measure area of an own control")
        verbose_name_plural = _("measure areas of own controls")
        constraints = [models.UniqueConstraint(fields=["control", "area"], name="own_control_area_unique")]

    def __str__(self) -> str:
        return f"{self.control.ref} → {self.area.number}"
