"""Substring search over catalogue entries with a two-character gram index."""

import unicodedata

from django.db import transaction

# Brackets used around the year of a 发文字号 in the wild: 〔2024〕, [2024], （2024）, 【2024】.
BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "（": "(", "）": ")"})


def normalize(text):
    """Fold width, case, brackets and white space so that typed queries match stored text."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(BRACKETS)
    return "".join(text.split())


def grams(text):
    text = normalize(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def search_text_for(*values):
    # A separator no query can contain keeps matches from spanning two fields.
    return "\x1f".join(normalize(value) for value in values)


def index_page_grams(page, *values):
    from .models.search import CatalogueSearchGram

    wanted = set()
    for value in values:
        wanted |= grams(value)
    with transaction.atomic():
        CatalogueSearchGram.objects.filter(page_id=page.pk).delete()
        CatalogueSearchGram.objects.bulk_create(CatalogueSearchGram(page_id=page.pk, gram=gram) for gram in wanted)


def filter_by_substring(queryset, query):
    """Entries whose title, 发文字号 or 索引号 contains ``query`` (after normalisation)."""
    from .models.search import CatalogueSearchGram

    needle = normalize(query)
    if not needle:
        return queryset
    if len(needle) == 1:
        return queryset.filter(search_text__contains=needle)
    needed = {needle[i : i + 2] for i in range(len(needle) - 1)}
    # The rarest gram would be the best filter, but any single gram is exact for a two-character
    # query; for longer ones each gram narrows the candidates and the final check is exact.
    for gram in sorted(needed)[:4]:
        queryset = queryset.filter(pk__in=CatalogueSearchGram.objects.filter(gram=gram).values("page_id"))
    if len(needle) > 2:
        queryset = queryset.filter(search_text__contains=needle)
    return queryset
