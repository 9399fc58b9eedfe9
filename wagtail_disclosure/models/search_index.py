"""The admin's substring index: two-character grams of every indexed object's title-like fields.

Wagtail's database search backends index a run of Han characters as one token, so the admin's
search boxes and choosers find 关于政府信息公开工作的通知 only by its complete title. The search backend
of ``wagtail_disclosure.search_backend`` keeps these tables beside Wagtail's own index (it writes them
whenever Wagtail indexes or removes an object) and answers a query with them; see ``rules.text_search``.

Unlike ``CatalogueSearchGram`` (the public catalogue's grams, with its listing columns), this index
covers every indexed model: pages of every type, documents, images, indexed snippets. Objects are
keyed by their root model (``Page`` for every page type), as in Wagtail's own index.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SubstringIndexEntry(models.Model):
    """The folded text of one object's title-like fields (``rules.text_search.search_text_for``)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="wd_substring_entry_unique"),
        ]

    def __str__(self):
        return self.text


class SubstringIndexGram(models.Model):
    """One two-character gram of an entry's text."""

    entry = models.ForeignKey(SubstringIndexEntry, on_delete=models.CASCADE, related_name="grams")
    gram = models.CharField(max_length=2)

    class Meta:
        constraints = [
            # Also the lookup index: a gram's entries, read from the index alone.
            models.UniqueConstraint(fields=["gram", "entry"], name="wd_substring_gram_unique"),
        ]

    def __str__(self):
        return self.gram
