from django.apps import AppConfig


class HostSiteTestAppConfig(AppConfig):
    """A host site's own page types, built on the plugin's public abstract bases (tests only)."""

    name = "tests.testapp"
    label = "disclosure_testapp"
    default_auto_field = "django.db.models.BigAutoField"
