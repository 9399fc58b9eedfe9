"""Test settings: the demo site's, on SQLite by default or PostgreSQL when DISCLOSURE_TEST_DB=postgres."""

import os
import tempfile

from example_site.settings import *  # noqa: F403

if os.environ.get("DISCLOSURE_TEST_DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "disclosure"),
            "USER": os.environ.get("PGUSER", "postgres"),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
        }
    }
else:
    # DISCLOSURE_TEST_SQLITE_FILE: worker processes of a test open the test's own database file.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DISCLOSURE_TEST_SQLITE_FILE") or os.path.join(tempfile.gettempdir(), "disclosure-test.sqlite3"),
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="disclosure-test-media-")
# Applicants' attachments: outside MEDIA_ROOT, and not the shared /tmp/private its default would be.
WAGTAIL_DISCLOSURE_PRIVATE_ROOT = tempfile.mkdtemp(prefix="disclosure-test-private-")
DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Wagtail's API v2, as host sites mount it, and 8's API v3 (opt-in: the app plus its URLs, tests/urls.py) so the gate is tested through it
# too; tests.testapp holds a host site's page types built on the plugin's abstract bases.
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "wagtail.api.v3", "rest_framework", "django.contrib.sitemaps", "wagtail.contrib.sitemaps", "tests.testapp"]  # noqa: F405
if os.environ.get("DISCLOSURE_TEST_DB") == "postgres":
    # Wagtail's PostgreSQL search index needs it; Django 6.1's system checks (run by commands in a
    # subprocess) say so.
    INSTALLED_APPS.append("django.contrib.postgres")
ROOT_URLCONF = "tests.urls"

# No anchor file shared by the whole run: transactional and browser tests commit records, then the
# database is flushed, and a shared file would then hold anchors of records that are gone. The ledger
# tests give each test its own file (override_settings).
WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = []

# The host site gates one of its own page types (tests/test_host_site.py), which has its own workflow.
WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES = ["disclosure_testapp.HostBlogPage"]
