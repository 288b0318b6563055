from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IsmsConfig(AppConfig):
    name = "isms"
    verbose_name = _("ISMS")

    def ready(self):
        from isms.attachables import register_isms_attachables

        register_isms_attachables()
