from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel
from incidents.models.obligation import ReportingObligation


class EscalationPolicy(TenantModel):
    """When alerts go out for a workspace's reporting obligations, and on which channels."""

    notify_on_creation = models.BooleanField(_("alert when an obligation is created"), default=True)
    notify_at_half_time = models.BooleanField(_("alert when half of the time has elapsed"), default=True)
    hours_before_due = models.CharField(
        _("alert this many hours before the deadline"), max_length=50, default="4,1",
        help_text=_("Whole hours, separated by commas, for example 4,1."),
    )
    notify_at_due = models.BooleanField(_("alert at the deadline"), default=True)
    overdue_interval_hours = models.PositiveSmallIntegerField(
        _("repeat every this many hours while overdue"), default=2,
        help_text=_("0 sends no reminders after the deadline."),
    )
    email_enabled = models.BooleanField(_("send e-mails"), default=True)
    in_app_enabled = models.BooleanField(_("show in-app notifications"), default=True)
    webhook_enabled = models.BooleanField(_("call webhooks"), default=True)

    class Meta:
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="escalation_policy_one_per_workspace")]

    def __str__(self) -> str:
        return str(_("Escalation policy"))

    def hours_before(self) -> list[int]:
        return sorted({int(part) for part in self.hours_before_due.split(",") if part.strip()}, reverse=True)


class Notification(TenantModel):
    """An in-app alert for one user."""

    audit_changes = False  # the alert delivery that creates it is audited

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    obligation = models.ForeignKey(ReportingObligation, on_delete=models.PROTECT, related_name="+")
    delivery = models.OneToOneField("incidents.AlertDelivery", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar address listing a user's open deadlines across workspaces.

    Only the SHA-256 of the token is stored; the address is shown once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
