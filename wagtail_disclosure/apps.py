from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WagtailDisclosureAppConfig(AppConfig):
    name = "wagtail_disclosure"
    label = "wagtail_disclosure"
    verbose_name = _("Government information disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app layer wires the lower layers together: receivers, the gate, and the service that
        # records review decisions for the review task (models import nothing above them).
        from . import listing_cache
        from .gate import enforcement
        from wagtail.documents import get_document_model
        from wagtail.permissions import register_permission_policy

        from .models import calendar, catalogue, language, ledger, ledger_anchors, permissions, review_forms
        from .models.review import ConfidentialityReviewTask
        from .services import configuration, reviews

        enforcement.install()
        listing_cache.connect()
        calendar.connect()
        catalogue.connect()
        permissions.connect(self)
        configuration.connect()
        ConfidentialityReviewTask.decisions = reviews
        # Signed review forms are left out of every document view (models.review_forms). Registered for
        # the exact class, so it wins over wagtaildocs' own registration whatever the app order.
        register_permission_policy(get_document_model(), review_forms.document_policy(), exact_class=True)
        checks.register(ledger.check_ledger_key)
        checks.register(ledger_anchors.check_anchors)
        checks.register(language.check_languages)
