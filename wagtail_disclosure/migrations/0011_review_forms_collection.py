"""Signed review forms (保密审查单) get a collection of their own, hidden from every document view
(``models.review_forms``); the forms already attached to ledger records move into it."""

import django.db.models.deletion
from django.db import migrations, models

from wagtail_disclosure.models.review_forms import collection_name

STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised path, 4 characters a level
STEP_LENGTH = 4


def _step(number):
    digits = ""
    for _position in range(STEP_LENGTH):
        number, digit = divmod(number, len(STEP_ALPHABET))
        digits = STEP_ALPHABET[digit] + digits
    return digits


def create_collection(apps, schema_editor):
    # Historical models have no treebeard methods: the child's path is written as add_child would.
    Collection = apps.get_model("wagtailcore", "Collection")
    ReviewFormsCollection = apps.get_model("wagtail_disclosure", "ReviewFormsCollection")
    ReviewRecord = apps.get_model("wagtail_disclosure", "ReviewRecord")
    Document = apps.get_model("wagtaildocs", "Document")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None or ReviewFormsCollection.objects.exists():
        return
    last = (
        Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path).order_by("-path").values_list("path", flat=True).first()
    )
    number = int(last[-STEP_LENGTH:], len(STEP_ALPHABET)) + 1 if last else 1
    collection = Collection.objects.create(name=collection_name(), path=root.path + _step(number), depth=root.depth + 1, numchild=0)
    Collection.objects.filter(pk=root.pk).update(numchild=models.F("numchild") + 1)
    ReviewFormsCollection.objects.create(collection=collection)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login", password="")
    attached = ReviewRecord.objects.filter(attachment__isnull=False).values("attachment_id")
    Document.objects.filter(pk__in=attached).update(collection=collection)


class Migration(migrations.Migration):

    dependencies = [
        ("wagtail_disclosure", "0010_annual_report_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewFormsCollection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "collection",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="wagtailcore.collection", verbose_name="collection"
                    ),
                ),
            ],
            options={
                "verbose_name": "collection of signed review forms",
                "verbose_name_plural": "collection of signed review forms",
            },
        ),
        # Moving documents back out is not undone: the collection stays, as an ordinary one.
        migrations.RunPython(create_collection, migrations.RunPython.noop),
    ]
