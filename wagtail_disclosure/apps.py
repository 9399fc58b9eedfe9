from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
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

        from .models import calendar, catalogue, imports, language, ledger, ledger_anchors, permissions, review_forms
        from .models.review import ConfidentialityReviewTask
        from .services import configuration, internal_records, reviews

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
        register_permission_policy(imports.ImportRun, imports.ViewOnlyPermissionPolicy(imports.ImportRun))
        checks.register(ledger.check_ledger_key)
        checks.register(ledger_anchors.check_anchors)
        checks.register(language.check_languages)
        # Internal records of every gated type (a host's too) are never live: after every migrate, and checked.
        post_migrate.connect(internal_records.after_migrate, sender=self, dispatch_uid="wagtail_disclosure.internal_records")
        checks.register(internal_records.check_live_internal_records, checks.Tags.database)
