from django.db import models
from wagtail.models import Page


class CatalogueSearchGram(models.Model):
    """One two-character gram of a catalogue entry's title, 发文字号 or 索引号.

    Wagtail's database search backend indexes a run of Han characters as one token, so it cannot
    find 信息公开 inside 关于政府信息公开工作的通知. Every substring of two or more characters
    contains at least one of these grams, so they find candidates through an index; the candidates
    are then checked against the full text (see ``wagtail_disclosure.search``).

    ``catalogue_id``, ``publish_date`` and ``is_listed`` are copies of the entry's (see
    ``AbstractCatalogueEntryPage.save``): with them, the partial index answers a two-character search
    of one catalogue, its count and its newest-first page, without touching the entries.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)
    catalogue_id = models.IntegerField(null=True, editable=False)
    publish_date = models.DateField(null=True, editable=False)
    is_listed = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gram", "page"], name="wagtail_disclosure_gram_unique"),
        ]
        indexes = [
            models.Index(
                fields=["gram", "catalogue_id", "-publish_date", "-page"],
                condition=models.Q(is_listed=True),
                name="wd_gram_listing",
            ),
        ]

    def __str__(self):
        return self.gram


class CatalogueListingVersion(models.Model):
    """The version of what a catalogue lists, part of the key of its cached responses.

    ``scope`` is a catalogue page's tree path (its entries changed) or "" (something every catalogue
    shows changed: taxonomies, organisations, settings, other pages). ``token`` is replaced by a new
    random value in the same transaction as the change, so a cached response is found only while
    nothing it shows has changed, in every process; a rolled-back change leaves a token that is never
    used again. See ``wagtail_disclosure.listing_cache``.
    """

    scope = models.CharField(max_length=255, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.scope or '*'}: {self.token}"
