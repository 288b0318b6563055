from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandates")

    def ready(self):
        from mandates.attachables import register_mandate_attachables

        register_mandate_attachables()
