from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PLATFORM_CHAIN = "platform"


class AuditChainHead(models.Model):
    """The last sequence number and hash of one chain.

    Appending locks this row (``SELECT ... FOR UPDATE``), so concurrent writers
    to one workspace queue up and the chain never forks. The chain key is the
    workspace id, or ``platform`` for events outside any workspace (sign-ins).
    """

    chain_key = models.CharField(max_length=64, unique=True)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    updated_at = models.DateTimeField(auto_now=True)


class AuditEvent(models.Model):
    """One state change. Rows are append-only: database triggers reject UPDATE and DELETE."""

    chain_key = models.CharField(max_length=64)
    sequence = models.PositiveBigIntegerField()
    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+", verbose_name=_("workspace"),
    )
    occurred_at = models.DateTimeField(_("time (UTC)"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+", verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain_key", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["chain_key", "sequence"], name="audit_event_chain_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["workspace", "-sequence"], name="audit_event_ws_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
        ]
