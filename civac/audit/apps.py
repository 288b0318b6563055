from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "civac.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from civac.audit import receivers  # noqa: F401
