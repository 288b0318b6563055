import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CompanyGroup"]


class CompanyGroup(models.Model):
    """A parent company and its subsidiaries, each a workspace of its own.

    Not a tenant row: it spans workspaces. The group view shows a person only
    the member workspaces that person may open anyway, so the group grants no
    access by itself. A workspace admin of the parent creates the group and
    attaches only workspaces they administer too (``mandates.services.groups``);
    each change is written to the audit chains of the workspaces it touches.
    A parent heads at most one group, and a workspace is a subsidiary in at
    most one group (checked by the service, as the many-to-many table cannot
    express it).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey("tenancy.Workspace", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("parent company"))
    subsidiaries = models.ManyToManyField("tenancy.Workspace", related_name="+", blank=True,
                                          verbose_name=_("subsidiaries"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("corporate group")
        verbose_name_plural = _("corporate groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent"], name="company_group_one_per_parent")]

    def __str__(self) -> str:
        return self.name
