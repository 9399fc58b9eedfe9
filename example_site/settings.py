"""Settings of the demo government site (某县人民政府) that uses wagtail-disclosure."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret")  # noqa: S105
# Production-like by default, so that visitors get the site's Chinese 404 and 500 pages (templates/), not
# Django's English debug page listing the URL patterns. DJANGO_DEBUG=1 for Django's debug pages while developing.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_disclosure",
    "wagtail_disclosure.contrib.wagtail_zh_hans",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_DATABASE", BASE_DIR / "db.sqlite3"),
        # SQLite has one writer at a time. With a deferred BEGIN (the default) a request reads, then fails
        # with "database is locked" when it tries to write while another request writes. BEGIN IMMEDIATE
        # takes the write lock when the transaction starts, so two reviewers recording at once queue up for
        # up to ``timeout`` seconds instead (the second then sees the level concluded); should the wait run
        # out, the review is refused with a message to try again (services.reviews.record_task_decision).
        # For more than a few editors, use PostgreSQL.
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}

AUTH_PASSWORD_VALIDATORS = []

# Chinese first: the public site and the admin default to 简体中文.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "某县人民政府"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Wagtail's database search backend with substring search for Chinese (see wagtail_disclosure.search_backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail_disclosure.search_backend"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Published disclosure files cannot be replaced in place (they are reviewed content); say so on the field.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "wagtail_disclosure.document_forms.GatedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "wagtail_disclosure.document_forms.GatedImageForm"
# Rendition addresses go through the plugin's view, which applies the review gate's rule to images.
WAGTAILIMAGES_RENDITION_STORAGE = "wagtail_disclosure.media_storage.GuardedRenditionStorage"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
# The demo runs offline: no avatar images from gravatar.com, Wagtail's default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The demo has no mail server: workflow notifications (submitted for review, approved) go to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The review ledger (保密审查台账): its hashes are keyed with a secret the database does not hold, and its
# head is written outside the database as records are appended (see README, "Review ledger integrity").
# A real site keeps the key out of the settings file and the anchor file on another host or medium.
WAGTAIL_DISCLOSURE_LEDGER_KEY = os.environ.get("DISCLOSURE_LEDGER_KEY", "demo-only-ledger-key-not-secret")
WAGTAIL_DISCLOSURE_LEDGER_UNKEYED_RECORDS = 0  # the demo's ledger was keyed from its first record
WAGTAIL_DISCLOSURE_LEDGER_ANCHORS = [
    {"class": "wagtail_disclosure.models.ledger_anchors.FileAnchor", "path": os.environ.get("DISCLOSURE_LEDGER_ANCHORS", BASE_DIR / "ledger-anchors.jsonl")},
    "wagtail_disclosure.models.ledger_anchors.LoggingAnchor",
]
WAGTAIL_DISCLOSURE_LEDGER_DIGEST_TO = ["保密工作办公室 <baomi@example.gov.cn>"]
