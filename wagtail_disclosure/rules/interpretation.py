"""政策解读: which documents need an interpretation, its forms, and the not-a-copy check.

国办发〔2016〕80号 (as quoted by 辽政办〔2022〕43号 and others): 政策性文件与解读方案、解读材料同步组织、同步审签、
同步部署 (三同步); 谁起草、谁解读. 安顺 and 辽宁 rules: 解读材料不能简单精简或摘抄政策文件 — an interpretation
that mostly repeats the policy's own text does not count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .text_search import normalize

# The 体裁分类 name of interpretations in the catalogue (DOMAIN §5).
INTERPRETATION_GENRE = "政策解读"
# Genres whose documents need an interpretation unless the editor says otherwise: 政府规章 and
# 行政规范性文件 (辽政办〔2022〕43号 scope; DOMAIN §5 "Scope").
GENRES_NEEDING_INTERPRETATION = ("规章", "政府规章", "行政规范性文件")

# Repeated passages shorter than this are ordinary phrases (根据《条例》, 有关规定), not copying.
MIN_PASSAGE = 12
DEFAULT_SIMILARITY_THRESHOLD = 60  # per cent of the interpretation's text found verbatim in the policy


class InterpretationForm(models.TextChoices):
    """The forms of 政策解读 (国办发〔2019〕14号 要点; DOMAIN §5 "Forms")."""

    TEXT = "text", _("Written interpretation (文字解读)")
    GRAPHIC = "graphic", _("Illustrated interpretation (图解)")
    MEDIA = "media", _("Video or audio (视频/音频)")
    QA = "qa", _("Questions and answers (政策问答)")
    EXPERT = "expert", _("Expert interpretation (专家解读)")


def needs_interpretation_by_default(genre_name):
    return (genre_name or "") in GENRES_NEEDING_INTERPRETATION


def repeated_passages(text, source, min_length=MIN_PASSAGE):
    """The passages of ``text`` (normalised) found verbatim in ``source``, each at least ``min_length``
    characters, as (start, end) spans of the normalised text, non-overlapping and in order.

    Greedy from the left: at each position the longest run also found in ``source``.
    """
    text, source = normalize(text), normalize(source)
    if len(text) < min_length or len(source) < min_length:
        return text, []
    # Every min_length-gram of the source, to find where a repeat may start.
    seeds = {source[i : i + min_length] for i in range(len(source) - min_length + 1)}
    spans, i = [], 0
    while i <= len(text) - min_length:
        if text[i : i + min_length] not in seeds:
            i += 1
            continue
        end = i + min_length
        while end < len(text) and text[i : end + 1] in source:
            end += 1
        spans.append((i, end))
        i = end
    return text, spans


def similarity(text, source, min_length=MIN_PASSAGE):
    """(per cent of ``text`` repeated verbatim from ``source``, the repeated passages as strings)."""
    folded, spans = repeated_passages(text, source, min_length)
    if not folded:
        return 0, []
    covered = sum(end - start for start, end in spans)
    return round(100 * covered / len(folded)), [folded[start:end] for start, end in spans]
