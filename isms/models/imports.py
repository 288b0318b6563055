"""Imports of register rows from CSV or XLSX files, kept between the preview and the confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["ImportBatch"]


class ImportBatch(TenantModel):
    """One uploaded file's rows, checked and shown as a preview until they are imported or discarded.

    Transitions of ``status``: previewed -> imported (once, when no row has
    errors) and previewed -> discarded. ``rows`` is a list of
    ``{"line": n, "values": {column key: cell text}, "errors": [...]}`` as read
    from the file, plus ``"extra_cells"`` when the row has values beyond the
    last named column and ``"unsaved_formulas"`` (column keys) when XLSX cells
    hold formulas without a saved result. Saves are not audited field by field, because that would copy
    the whole file into the audit log: the import services write one event per
    upload, import and discard instead, with the file's SHA-256.
    """

    audit_changes = False

    class Kind(models.TextChoices):
        ASSET = "asset", _("Assets")
        RISK = "risk", _("Risks")
        SUPPLIER = "supplier", _("Suppliers")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    kind = models.CharField(_("register"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.JSONField(_("rows"), default=list)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))
    finished_at = models.DateTimeField(_("imported or discarded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["workspace", "kind", "status"], name="import_batch_kind_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def row_count(self) -> int:
        return len(self.rows)
