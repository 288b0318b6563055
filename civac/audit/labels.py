"""Readable names for audit actions and object types, in the user's language."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "login": _("signed in"),
    "logout": _("signed out"),
    "login_failed": _("sign-in failed"),
    "password_change": _("password changed"),
    "issue": _("certificate issued"),
    "sign": _("signed"),
    "submit": _("report submitted"),
    "export": _("exported"),
    "revoke": _("revoked"),
    "alert_sent": _("alert sent"),
    "alert_failed": _("alert failed"),
    "reminder_sent": _("reminder sent"),
    "webhook_sent": _("webhook called"),
    "webhook_failed": _("webhook call failed"),
    "webhook_test": _("webhook test queued"),
    "webhook_resend": _("webhook call queued again"),
    "end": _("ended"),
    "approve": _("approved"),
    "accept": _("accepted"),
    "confirm_read": _("read confirmed"),
    "complete": _("completed"),
    "upload": _("file uploaded"),
    "import": _("imported"),
    "discard": _("discarded"),
    "download": _("file downloaded"),
    "access_denied": _("access denied"),
    "mfa_added": _("second factor added"),
    "mfa_removed": _("second factor removed"),
    "mfa_reset": _("recovery codes renewed"),
    "scan": _("scanned, no malware found"),
    "quarantine": _("malware found, file quarantined"),
    "questionnaire_submit": _("questionnaire submitted"),
    "generate": _("report generated"),
    "release": _("report released"),
    "acknowledge": _("report acknowledged"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_type_label(object_type: str) -> str:
    """Return the model's verbose name for "app_label.model", or the raw value for unknown types."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


PROJECT_APPS = {"accounts", "tenancy", "audit", "api", "officers", "incidents", "isms", "mandates", "reporting"}


def audited_object_types() -> list[str]:
    """Return "app_label.model" of every model of the project's own apps, for the audit log's type filter."""
    return sorted(model._meta.label_lower for model in apps.get_models()
                  if model._meta.app_label in PROJECT_APPS and model._meta.label_lower != "audit.auditevent")
