from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "civac.tenancy"
    label = "tenancy"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from civac.tenancy import signals  # noqa: F401
