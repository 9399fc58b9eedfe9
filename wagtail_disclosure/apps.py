from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailDisclosureAppConfig(AppConfig):
    name = "wagtail_disclosure"
    label = "wagtail_disclosure"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import gate, signal_handlers  # noqa: F401

        gate.install()
