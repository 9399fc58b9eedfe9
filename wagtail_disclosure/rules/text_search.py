"""Chinese substring search: how typed queries and stored text are folded, and their two-character grams.

Wagtail's database search backend indexes a run of Han characters as one token, so it cannot find
信息公开 inside 关于政府信息公开工作的通知. Every substring of two or more characters contains at
least one two-character gram, so an index of grams finds the candidates, which are then checked
against the folded full text.
"""

import unicodedata

# Brackets used around the year of a 发文字号 in the wild: 〔2024〕, [2024], （2024）, 【2024】.
BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "（": "(", "）": ")"})

# A separator no query can contain keeps matches from spanning two fields.
FIELD_SEPARATOR = "\x1f"


def normalize(text):
    """Fold width, case, brackets and white space so that typed queries match stored text."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(BRACKETS)
    return "".join(text.split())


def grams(text):
    text = normalize(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def search_text_for(*values):
    return FIELD_SEPARATOR.join(normalize(value) for value in values)


# A 索引号 ends in a serial number, and a 发文字号 is made of the issuer's code, the year and a serial
# number (GB/T 9704-2012《党政机关公文格式》7.2.4): a query without a numeral is neither.
NUMERALS = frozenset("0123456789〇零一二三四五六七八九十")


def may_be_reference_number(query):
    """Whether ``query`` could be a complete 索引号 or 发文字号 (so worth an exact lookup)."""
    return any(char in NUMERALS for char in normalize(query))
