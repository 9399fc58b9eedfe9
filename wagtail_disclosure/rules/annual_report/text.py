"""The narrative of the report: numbers it quotes, and how much of it repeats last year's.

* ``parse_number`` reads 12, １２ (full-width), 十二, 一百零五, 两千, 二〇二四.
* ``narrative_mentions`` finds the figures the text quotes (收到申请 N 件, 办结 N 件, 结转 N 件, 行政复议 N 件,
  行政诉讼 N 件, 现行有效规范性文件 N 件 …) and which cell of the tables each one restates (X-TEXT).
* ``similarity`` measures how much of this year's text is last year's (COPY): 30号 warns against "内容雷同",
  and local assessments deduct points when "与上年度重复率大于50%" (宿迁 indicators, DOMAIN §1.7).
"""

import dataclasses
import difflib
import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}  # fmt: skip
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MYRIADS = {"万": 10_000, "亿": 100_000_000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

NUMBER = "[0-9０-９]+|[" + "".join(_DIGITS) + "".join(_UNITS) + "".join(_MYRIADS) + "]+"


def parse_number(text):
    """The integer written as ``text`` in Arabic (half- or full-width) or Chinese numerals; ValueError if none."""
    text = text.strip().translate(_FULL_WIDTH)
    if text.isascii() and text.isdigit():
        return int(text)
    if text and all(ch in _DIGITS for ch in text):  # digit by digit: 二〇二四
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch not in _MYRIADS for ch in text):
        raise ValueError(f"not a number: {text!r}")
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (digit or 1) * _UNITS[ch]  # 十二: the 一 of 一十 is implied
            digit = 0
        else:
            total = (total + section + digit) * _MYRIADS[ch]
            section = digit = 0
    return total + section + digit


# ---------------------------------------------------------------------------------------------------
# Figures quoted in the narrative.

_GAP = r"[^，。；;,！!？?\n\d]"  # within one clause, no other number in between
_QUALIFIED = re.compile(r"上年|上一年|去年|同比|较|其中|按时|按期|延期|逾期|当场|超期|维持|纠正|纠错|败诉|尚未|未审结|其他")


@dataclasses.dataclass(frozen=True)
class Quote:
    """What the narrative says about one cell (or a sum of cells) of the tables."""

    kind: str
    pattern: re.Pattern
    cells: tuple  # (table, row, column) of the cells whose sum the quote restates
    describes: str  # how messages name those cells
    qualifiers: bool = True  # skip a match whose clause qualifies it (上年…, 其中…, 按时…)


def _quote(kind, pattern, cells, describes, qualifiers=True):
    return Quote(kind, re.compile(pattern.replace("NUM", f"(?P<n>{NUMBER})").replace("GAP", _GAP)), cells, describes, qualifiers)


_T3_TOTAL = "总计"
QUOTES = (
    _quote("new_received", r"(?:新收|收到|受理)GAP{0,16}?申请GAP{0,6}?NUM\s*件",
           (("table3", "new_received", _T3_TOTAL),), "表三「一、本年新收政府信息公开申请数量」总计"),
    _quote("carried_over", r"(?:上年度?|上一年度?)GAP{0,4}?结转GAP{0,12}?NUM\s*件",
           (("table3", "carried_over_from_last_year", _T3_TOTAL),), "表三「二、上年结转政府信息公开申请数量」总计", False),
    _quote("answered", r"(?:办结|答复)GAP{0,12}?NUM\s*件",
           (("table3", "total", _T3_TOTAL),), "表三「（七）总计」总计"),
    _quote("carried_forward", r"(?<!上年)(?<!上年度)(?<!上一年)(?<!上一年度)结转GAP{0,12}?NUM\s*件",
           (("table3", "carried_forward_to_next_year", _T3_TOTAL),), "表三「四、结转下年度继续办理」总计"),
    _quote("reconsideration", r"行政复议GAP{0,8}?NUM\s*[件起]",
           (("table4", "reconsideration", "total"),), "表四「行政复议」总计"),
    _quote("litigation", r"行政诉讼GAP{0,8}?NUM\s*[件起]",
           (("table4", "litigation_direct", "total"), ("table4", "litigation_after_reconsideration", "total")),
           "表四「行政诉讼」总计"),
)  # fmt: skip
for _key, _label in (("normative_documents", "行政规范性文件"), ("regulations", "规章")):
    _noun = r"(?:行政)?规范性文件" if _key == "normative_documents" else "规章"
    QUOTES += (
        _quote(f"{_key}_in_force", rf"(?:现行有效(?:的)?{_noun}GAP{{0,6}}?|{_noun}GAP{{0,4}}?现行有效GAP{{0,4}}?)NUM\s*件",
               (("table2", _key, "in_force"),), f"表二「{_label}」现行有效件数"),
        _quote(f"{_key}_issued", rf"制发GAP{{0,6}}?{_noun}GAP{{0,4}}?NUM\s*件",
               (("table2", _key, "issued"),), f"表二「{_label}」本年制发件数"),
        _quote(f"{_key}_repealed", rf"废止GAP{{0,6}}?{_noun}GAP{{0,4}}?NUM\s*件",
               (("table2", _key, "repealed"),), f"表二「{_label}」本年废止件数"),
    )  # fmt: skip

_CLAUSE_END = re.compile(r"[，。；;,！!？?\n]")


@dataclasses.dataclass(frozen=True)
class Mention:
    quote: Quote
    number: int
    text: str  # the words quoted, e.g. 共收到政府信息公开申请12件


def narrative_mentions(text):
    """Every figure of ``QUOTES`` the text states, in order."""
    mentions = []
    for quote in QUOTES:
        for match in quote.pattern.finditer(text):
            clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())), default=0)
            context = text[clause_start : match.start("n")]
            if quote.qualifiers and _QUALIFIED.search(context):
                continue
            mentions.append(Mention(quote, parse_number(match.group("n")), text[clause_start : match.end()].strip()))
    return sorted(mentions, key=lambda mention: text.find(mention.text))


# ---------------------------------------------------------------------------------------------------
# Text repeated from last year's report.

SIMILAR_SENTENCE = 0.8  # a sentence at least this close to one of last year's counts as repeated
_MIN_SENTENCE = 8  # headings and fragments shorter than this are not counted either way
_SENTENCE = re.compile(r"[^。！!？?；;\n]+[。！!？?；;]?")
_NOISE = re.compile(r"\s+")
_ANY_DIGIT = re.compile(r"[0-9０-９]")


@dataclasses.dataclass(frozen=True)
class Similarity:
    ratio: float  # the share of this year's text (in characters) repeated from last year's
    passages: tuple[str, ...]  # the repeated passages, runs of consecutive repeated sentences

    @property
    def percent(self):
        return round(self.ratio * 100)


def _sentences(text):
    """(original, normalised) sentences; the normalised form ignores spaces and which digits are written,
    so a copy with the year or the figures changed still counts as a copy."""
    result = []
    for match in _SENTENCE.finditer(text or ""):
        original = match.group().strip()
        normal = _ANY_DIGIT.sub("0", _NOISE.sub("", original))
        if len(normal) >= _MIN_SENTENCE:
            result.append((original, normal))
    return result


def similarity(text, previous):
    """How much of ``text`` repeats ``previous``, sentence by sentence (difflib)."""
    current = _sentences(text)
    earlier = _sentences(previous)
    total = sum(len(normal) for _original, normal in current)
    if not total or not earlier:
        return Similarity(0.0, ())
    known = {normal for _original, normal in earlier}
    repeated = [normal in known for _original, normal in current]
    matcher = difflib.SequenceMatcher(autojunk=False)
    for _original, candidate in earlier:
        matcher.set_seq2(candidate)  # difflib caches facts about the second sequence
        for index, (_original, normal) in enumerate(current):
            if repeated[index]:
                continue
            matcher.set_seq1(normal)
            if (
                matcher.real_quick_ratio() >= SIMILAR_SENTENCE
                and matcher.quick_ratio() >= SIMILAR_SENTENCE
                and matcher.ratio() >= SIMILAR_SENTENCE
            ):
                repeated[index] = True
    copied = sum(len(normal) for (_original, normal), same in zip(current, repeated, strict=True) if same)
    passages, run = [], []
    for (original, _normal), same in zip(current, repeated, strict=True):
        if same:
            run.append(original)
        elif run:
            passages.append("".join(run))
            run = []
    if run:
        passages.append("".join(run))
    return Similarity(copied / total, tuple(passages))
