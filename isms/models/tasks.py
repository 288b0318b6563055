from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class Task(TenantModel):
    """A piece of work with a due date, for example telling an authority about an appointment.

    Transitions: open -> done. ``source_type`` and ``source_id`` name the object
    that opened the task, so the same source does not open it twice.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["status", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "source_type", "source_id"], name="task_one_per_source",
                                    condition=~models.Q(source_type="")),
        ]

    def __str__(self) -> str:
        return self.title
