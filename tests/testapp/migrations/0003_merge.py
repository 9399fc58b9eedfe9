# The host and importer branches each added a 0002 migration to the test app.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_testapp", "0002_host_blog_page"),
        ("disclosure_testapp", "0002_legacy_migration"),
    ]

    operations = []
