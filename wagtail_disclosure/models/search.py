from django.db import models
from wagtail.models import Page


class CatalogueSearchGram(models.Model):
    """One two-character gram of a catalogue entry's title, 发文字号 or 索引号.

    Wagtail's database search backend indexes a run of Han characters as one token, so it cannot
    find 信息公开 inside 关于政府信息公开工作的通知. Every substring of two or more characters
    contains at least one of these grams, so they find candidates through an index; the candidates
    are then checked against the full text (see ``wagtail_disclosure.search``).
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gram", "page"], name="wagtail_disclosure_gram_unique"),
        ]
